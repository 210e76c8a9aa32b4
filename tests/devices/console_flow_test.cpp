// The UART wired to the PLIC as on QEMU virt (source 10), driven the way an xv6-style
// kernel drives them: interrupt-driven transmit and receive through hart 0's S-mode
// context.
#include <gtest/gtest.h>

#include "devices/ns16550a.hpp"
#include "devices/plic.hpp"
#include "devices/virt_platform.hpp"
#include "fakes.hpp"

namespace gh::devices::test {
namespace {

constexpr uint32_t hart0_supervisor = 1;
constexpr uint64_t claim_register = 0x200004 + 0x1000 * hart0_supervisor;

struct ConsoleFlow : ::testing::Test {
  FakeHarts harts{3};
  Plic plic{harts};
  Console console;
  Ns16550a uart{console, plic.line(virt::uart0_irq)};

  void uart_set(uint64_t offset, uint8_t value) { ASSERT_TRUE(uart.write(offset, 1, value)); }
  uint8_t uart_get(uint64_t offset) { return static_cast<uint8_t>(*uart.read(offset, 1)); }
  uint32_t claim() { return static_cast<uint32_t>(*plic.read(claim_register, 4)); }
  void complete(uint32_t source) { ASSERT_TRUE(plic.write(claim_register, 4, source)); }

  void SetUp() override {
    ASSERT_TRUE(plic.write(4 * virt::uart0_irq, 4, 1));                      // priority
    ASSERT_TRUE(plic.write(0x2000 + 0x80 * hart0_supervisor, 4, 1u << 10));  // enable
    ASSERT_TRUE(plic.write(0x200000 + 0x1000 * hart0_supervisor, 4, 0));     // threshold
    uart_set(1, 0x00);                                                       // IER off
    uart_set(3, 0x80);                                                       // DLAB
    uart_set(0, 0x03);                                                       // 38.4K
    uart_set(1, 0x00);
    uart_set(3, 0x03);  // 8N1
    uart_set(2, 0x07);  // FIFO on and cleared
    uart_set(1, 0x03);  // RX and TX interrupts
  }
};

TEST_F(ConsoleFlow, IdleTransmitterInterruptIsAcknowledgedByReadingIir) {
  EXPECT_TRUE(harts.seip[0]) << "enabling TX interrupts with THR empty interrupts at once";
  EXPECT_EQ(claim(), 10u);
  EXPECT_EQ(uart_get(5) & 0x01, 0) << "nothing received";
  EXPECT_EQ(uart_get(2) & 0x0f, 0x02) << "THRE is the cause";
  complete(10);
  EXPECT_FALSE(harts.seip[0]) << "no interrupt storm once IIR was read";
}

TEST_F(ConsoleFlow, TransmitCompletionInterruptsAgain) {
  claim();
  uart_get(2);
  complete(10);
  uart_set(0, 'A');
  EXPECT_EQ(console.text, "A");
  EXPECT_TRUE(harts.seip[0]) << "THR empty again after the byte left";
  EXPECT_EQ(claim(), 10u);
}

TEST_F(ConsoleFlow, TypedCharacterInterruptsAndIsRead) {
  claim();
  uart_get(2);
  complete(10);
  const uint8_t typed[] = {'l', 's'};
  EXPECT_EQ(uart.receive(typed), 1u) << "trigger level 1: one byte at a time, as QEMU";
  EXPECT_TRUE(harts.seip[0]);
  EXPECT_EQ(claim(), 10u);
  EXPECT_EQ(uart_get(5) & 0x01, 0x01);
  EXPECT_EQ(uart_get(0), 'l');
  EXPECT_EQ(uart_get(5) & 0x01, 0x00);
  complete(10);
  EXPECT_FALSE(harts.seip[0]);
  EXPECT_EQ(uart.receive(std::span(typed).subspan(1)), 1u);
  EXPECT_TRUE(harts.seip[0]) << "the next byte interrupts again";
}

}  // namespace
}  // namespace gh::devices::test
