// The ns16550a UART of QEMU's `virt` (UART0, PLIC source 10), as QEMU 7.2's serial.c
// behaves: eight byte-wide registers (any access size 1..8; reads return the register,
// writes take the low byte), DLAB, 16-byte receive FIFO, IIR priorities, THRE interrupt.
//
// Transmission is instantaneous: a byte written to THR goes to the ByteSink at once and
// LSR shows THRE|TEMT again, as in QEMU with a backend that always accepts.
// Input: the VMM pushes bytes with receive(); like QEMU's chardev flow control, the
// UART accepts only what its receiver can take (receive_room()) and the VMM keeps the
// rest until the guest has read some.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "devices/mmio_device.hpp"

namespace gh::devices {

// Where transmitted bytes go (the console).
class ByteSink {
 public:
  virtual void put(uint8_t byte) = 0;

 protected:
  ~ByteSink() = default;
};

class Ns16550a final : public MmioDevice {
 public:
  static constexpr uint64_t register_span = 8;  // accesses past it fault (unassigned)
  static constexpr size_t fifo_depth = 16;

  Ns16550a(ByteSink& transmit, InterruptLine& irq);

  std::optional<uint64_t> read(uint64_t offset, unsigned size) override;
  bool write(uint64_t offset, unsigned size, uint64_t value) override;

  // Bytes from the host side; returns how many the UART took (see receive_room()).
  size_t receive(std::span<const uint8_t> bytes);
  // How many bytes the receiver takes now: up to the FIFO trigger level when below it,
  // one at a time above it (QEMU's serial_can_receive), one when the FIFO is off and
  // RBR is empty.
  [[nodiscard]] size_t receive_room() const;

  // Power-on state (QEMU serial_reset); lowers the interrupt.
  void reset();

 private:
  uint8_t read_register(unsigned index);
  void write_register(unsigned index, uint8_t value);

  uint8_t read_receive_buffer();
  uint8_t read_interrupt_identification();
  uint8_t read_line_status();
  uint8_t read_modem_status();
  void write_transmit_holding(uint8_t value);
  void write_interrupt_enable(uint8_t value);
  void write_fifo_control(uint8_t value);

  [[nodiscard]] bool fifo_enabled() const;
  void receive_byte(uint8_t byte);
  void transmit(uint8_t byte);
  void update_timeout();
  void update_interrupt();

  ByteSink& transmit_;
  InterruptLine& irq_;

  std::array<uint8_t, fifo_depth> fifo_{};
  size_t fifo_head_ = 0;
  size_t fifo_count_ = 0;
  size_t trigger_level_ = 1;

  uint16_t divisor_ = 0;
  uint8_t rbr_ = 0;
  uint8_t ier_ = 0;
  uint8_t iir_ = 0;
  uint8_t fcr_ = 0;
  uint8_t lcr_ = 0;
  uint8_t mcr_ = 0;
  uint8_t lsr_ = 0;
  uint8_t msr_ = 0;
  uint8_t scr_ = 0;
  bool thr_interrupt_pending_ = false;
  bool timeout_pending_ = false;
};

}  // namespace gh::devices
