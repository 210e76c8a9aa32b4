#include "uart.hpp"

#include <cstdint>

#include "console.hpp"
#include "memory_layout.hpp"
#include "process.hpp"
#include "spinlock.hpp"

namespace pane {
namespace {

// 16550 registers (byte offsets) and the bits Pane uses.
constexpr int kData = 0;                   // RBR (read) / THR (write)
constexpr int kInterruptEnable = 1;        // IER
constexpr int kInterruptIdentity = 2;      // IIR (read) / FCR (write)
constexpr int kLineControl = 3;            // LCR
constexpr int kLineStatus = 5;             // LSR
constexpr uint8_t kEnableReceive = 0x01;   // IER: interrupt when a byte arrives
constexpr uint8_t kEnableTransmit = 0x02;  // IER: interrupt when THR is empty
constexpr uint8_t kDataReady = 0x01;       // LSR
constexpr uint8_t kTransmitEmpty = 0x20;   // LSR: THR (and FIFO) can take a byte
constexpr uint8_t kAllSent = 0x40;         // LSR: transmitter completely idle

volatile uint8_t& reg(int offset) { return *reinterpret_cast<volatile uint8_t*>(kUart + offset); }

constexpr uint64_t kQueueSize = 256;
Spinlock transmit_lock{"uart transmit"};
char queue[kQueueSize];
uint64_t queue_written = 0;  // total bytes ever queued
uint64_t queue_sent = 0;     // total bytes ever handed to the UART

// Hands queued bytes to the UART while it can take them. Caller holds transmit_lock.
void send_queued() {
  while (queue_sent != queue_written && (reg(kLineStatus) & kTransmitEmpty)) {
    reg(kData) = queue[queue_sent++ % kQueueSize];
    wakeup(&queue_sent);  // uart_put() may wait for room
  }
}

}  // namespace

void uart_init() {
  reg(kInterruptEnable) = 0;
  reg(kLineControl) = 0x80;  // DLAB: the next two registers set the baud rate divisor
  reg(0) = 3;                // divisor 3: 38400 baud (QEMU ignores it, hardware would not)
  reg(1) = 0;
  reg(kLineControl) = 0x03;        // 8 data bits, no parity, 1 stop bit, DLAB off
  reg(kInterruptIdentity) = 0x07;  // FCR: enable the FIFOs and clear them
  reg(kInterruptEnable) = kEnableReceive | kEnableTransmit;
}

void uart_put(char c) {
  acquire(transmit_lock);
  while (queue_written - queue_sent == kQueueSize) sleep(&queue_sent, transmit_lock);
  queue[queue_written++ % kQueueSize] = c;
  send_queued();
  release(transmit_lock);
}

void uart_put_sync(char c) {
  push_off();
  while (!(reg(kLineStatus) & kTransmitEmpty)) {
  }
  reg(kData) = c;
  pop_off();
}

void uart_interrupt() {
  // Reading IIR acknowledges a "transmitter empty" interrupt; without it the UART
  // would keep its interrupt line raised whenever there is nothing left to send.
  [[maybe_unused]] uint8_t identity = reg(kInterruptIdentity);
  while (reg(kLineStatus) & kDataReady) console_input(static_cast<char>(reg(kData)));
  acquire(transmit_lock);
  send_queued();
  release(transmit_lock);
}

void uart_drain() {
  while (queue_sent != queue_written) {
    while (!(reg(kLineStatus) & kTransmitEmpty)) {
    }
    reg(kData) = queue[queue_sent++ % kQueueSize];
  }
  while (!(reg(kLineStatus) & kAllSent)) {
  }
}

}  // namespace pane
