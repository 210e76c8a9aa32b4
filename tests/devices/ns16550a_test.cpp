#include "devices/ns16550a.hpp"

#include <gtest/gtest.h>

#include <string_view>

#include "fakes.hpp"

namespace gh::devices::test {
namespace {

constexpr uint64_t thr = 0, ier = 1, iir = 2, fcr = 2, lcr = 3, mcr = 4, lsr = 5, msr = 6, scr = 7;

struct Uart : ::testing::Test {
  Console console;
  RecordingLine irq;
  Ns16550a uart{console, irq};

  uint8_t get(uint64_t offset) { return static_cast<uint8_t>(uart.read(offset, 1).value()); }
  void set(uint64_t offset, uint8_t value) { ASSERT_TRUE(uart.write(offset, 1, value)); }
  size_t type(std::string_view text) {
    return uart.receive(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  }
};

TEST_F(Uart, PowerOnStateMatchesQemu) {
  EXPECT_EQ(get(lsr), 0x60) << "THR empty and transmitter empty";
  EXPECT_EQ(get(iir), 0x01) << "no interrupt, FIFOs off";
  EXPECT_EQ(get(ier), 0x00);
  EXPECT_EQ(get(lcr), 0x00);
  EXPECT_EQ(get(mcr), 0x08) << "OUT2";
  EXPECT_EQ(get(msr), 0xb0) << "DCD, DSR, CTS";
  EXPECT_FALSE(irq.level);
}

TEST_F(Uart, TransmittedBytesReachTheConsoleAtOnce) {
  set(thr, 'h');
  set(thr, 'i');
  EXPECT_EQ(console.text, "hi");
  EXPECT_EQ(get(lsr) & 0x60, 0x60) << "THR and shift register empty again";
}

TEST_F(Uart, AnyAccessSizeWorksOnTheByteRegisters) {
  ASSERT_TRUE(uart.write(thr, 4, 0x1234'5641));
  EXPECT_EQ(console.text, "A") << "a wide store transmits its low byte";
  EXPECT_EQ(uart.read(lsr, 8), 0x60u);
  EXPECT_EQ(uart.read(lsr, 2), 0x60u);
}

TEST_F(Uart, AccessesPastTheEightRegistersFault) {
  EXPECT_FALSE(uart.read(8, 1).has_value());
  EXPECT_FALSE(uart.write(0xff, 1, 0));
}

TEST_F(Uart, DlabSwitchesOffsetsZeroAndOneToTheDivisor) {
  set(lcr, 0x80);
  EXPECT_EQ(get(0), 0x0c) << "QEMU resets the divisor to 12 (9600 baud)";
  EXPECT_EQ(get(1), 0x00);
  set(0, 0x03);
  set(1, 0x01);
  EXPECT_EQ(get(0), 0x03);
  EXPECT_EQ(get(1), 0x01);
  EXPECT_TRUE(console.text.empty()) << "a DLL write is not a transmission";
  set(lcr, 0x03);
  EXPECT_EQ(get(ier), 0x00) << "IER untouched by the DLM write";
  set(thr, 'x');
  EXPECT_EQ(console.text, "x");
}

TEST_F(Uart, ScratchRegisterHoldsAByte) {
  set(scr, 0x5a);
  EXPECT_EQ(get(scr), 0x5a);
}

TEST_F(Uart, McrKeepsFiveBitsAndLsrMsrIgnoreWrites) {
  set(mcr, 0xff);
  EXPECT_EQ(get(mcr), 0x1f);
  set(mcr, 0x08);
  set(lsr, 0x00);
  set(msr, 0x00);
  EXPECT_EQ(get(lsr), 0x60);
  EXPECT_EQ(get(msr), 0xb0);
}

TEST_F(Uart, WithoutFifoOneByteAtATimeIsReceived) {
  EXPECT_EQ(type("ab"), 1u) << "RBR holds one byte; the VMM keeps the rest";
  EXPECT_EQ(get(lsr) & 0x01, 0x01) << "data ready";
  EXPECT_EQ(uart.receive_room(), 0u);
  EXPECT_EQ(get(0), 'a');
  EXPECT_EQ(get(lsr) & 0x01, 0x00);
  EXPECT_EQ(type("b"), 1u);
  EXPECT_EQ(get(0), 'b');
}

TEST_F(Uart, ReceivedDataInterruptWithTriggerLevelOne) {
  set(fcr, 0x07);  // xv6: enable and clear FIFOs, trigger at 1 byte
  set(ier, 0x01);
  EXPECT_FALSE(irq.level);
  EXPECT_EQ(type("x"), 1u);
  EXPECT_TRUE(irq.level);
  EXPECT_EQ(get(iir), 0xc4) << "FIFOs enabled + received data available";
  EXPECT_EQ(get(0), 'x');
  EXPECT_FALSE(irq.level);
  EXPECT_EQ(get(iir), 0xc1);
}

TEST_F(Uart, FifoTakesInputUpToTheTriggerLevel) {
  set(fcr, 0xc1);  // trigger at 14
  EXPECT_EQ(type("0123456789abcdefgh"), 14u) << "QEMU offers the chardev up to the trigger level";
  std::string read;
  while ((get(lsr) & 0x01) != 0) read.push_back(static_cast<char>(get(0)));
  EXPECT_EQ(read, "0123456789abcd");
}

TEST_F(Uart, FewerBytesThanTheTriggerRaiseTheCharacterTimeout) {
  set(fcr, 0xc1);
  set(ier, 0x01);
  type("abc");
  EXPECT_TRUE(irq.level);
  EXPECT_EQ(get(iir), 0xcc) << "character timeout";
  get(0);
  get(0);
  EXPECT_EQ(get(iir), 0xcc) << "still data below the trigger";
  get(0);
  EXPECT_EQ(get(iir), 0xc1);
  EXPECT_FALSE(irq.level);
}

TEST_F(Uart, ReachingTheTriggerRaisesReceivedData) {
  set(fcr, 0x41);  // trigger at 4
  set(ier, 0x01);
  type("abcd");
  EXPECT_EQ(get(iir), 0xc4);
}

TEST_F(Uart, EnablingThreInterruptWhileEmptyRaisesIt) {
  set(ier, 0x02);
  EXPECT_TRUE(irq.level);
  EXPECT_EQ(get(iir), 0x02) << "THR empty";
  EXPECT_FALSE(irq.level) << "reading IIR acknowledges a THRE interrupt";
  EXPECT_EQ(get(iir), 0x01);
}

TEST_F(Uart, EachTransmissionRaisesThreAgain) {
  set(ier, 0x02);
  get(iir);
  set(thr, 'a');
  EXPECT_TRUE(irq.level) << "the byte left at once, THR is empty again";
  EXPECT_EQ(get(iir), 0x02);
}

TEST_F(Uart, ReEnablingThreAfterAcknowledgeRaisesItAgain) {
  set(ier, 0x02);
  get(iir);
  set(ier, 0x00);
  set(ier, 0x02);
  EXPECT_TRUE(irq.level);
}

TEST_F(Uart, RewritingTheSameIerDoesNotResurrectAnAcknowledgedThre) {
  set(ier, 0x03);
  get(iir);
  set(ier, 0x03);
  EXPECT_FALSE(irq.level) << "QEMU re-samples THRE only when ETBEI changes";
}

TEST_F(Uart, ReceivedDataOutranksThre) {
  set(fcr, 0x01);
  set(ier, 0x03);
  type("z");
  EXPECT_EQ(get(iir), 0xc4);
  get(0);
  EXPECT_EQ(get(iir), 0xc2) << "THRE shows once the data is read";
}

TEST_F(Uart, OverrunRaisesLineStatusUntilLsrIsRead) {
  set(mcr, 0x10);  // loopback, FIFOs off
  set(ier, 0x04);
  set(thr, '1');
  set(thr, '2');
  EXPECT_EQ(get(iir), 0x06) << "receiver line status: overrun";
  EXPECT_EQ(get(lsr) & 0x02, 0x02);
  EXPECT_EQ(get(lsr) & 0x02, 0x00) << "reading LSR clears OE";
  EXPECT_EQ(get(iir), 0x01);
  EXPECT_EQ(get(0), '2') << "the later byte overwrote RBR";
}

TEST_F(Uart, LoopbackTurnsTransmissionIntoReception) {
  set(fcr, 0x01);
  set(mcr, 0x10);
  set(thr, 'q');
  EXPECT_TRUE(console.text.empty());
  EXPECT_EQ(get(0), 'q');
}

TEST_F(Uart, LoopbackWiresModemOutputsToInputs) {
  set(mcr, 0x1f);
  EXPECT_EQ(get(msr), 0xf0);
  set(mcr, 0x11);  // loop + DTR
  EXPECT_EQ(get(msr), 0x20) << "DTR drives DSR";
  set(mcr, 0x12);  // loop + RTS
  EXPECT_EQ(get(msr), 0x10) << "RTS drives CTS";
}

TEST_F(Uart, FcrReceiveClearEmptiesTheFifo) {
  set(fcr, 0xc1);
  type("abc");
  set(fcr, 0xc3);
  EXPECT_EQ(get(lsr) & 0x01, 0x00);
  EXPECT_EQ(uart.receive_room(), 14u);
}

TEST_F(Uart, TogglingFifoEnableFlushes) {
  set(fcr, 0xc1);
  type("abc");
  set(fcr, 0x00);
  EXPECT_EQ(get(lsr) & 0x01, 0x00);
  EXPECT_EQ(get(iir), 0x01) << "FIFO bits gone from IIR";
}

TEST_F(Uart, ResetRestoresPowerOnState) {
  set(lcr, 0x83);
  set(ier, 0x0f);
  type("a");
  uart.reset();
  EXPECT_EQ(get(lsr), 0x60);
  EXPECT_EQ(get(lcr), 0x00);
  EXPECT_FALSE(irq.level);
}

}  // namespace
}  // namespace gh::devices::test
