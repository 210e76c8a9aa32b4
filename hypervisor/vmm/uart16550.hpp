// Polled driver for a 16550-compatible UART (the console on the SoC, and the ports of
// QEMU's pci-serial-2x reached through the PCI I/O window).
#pragma once

#include <cstdint>

#include "core/text.hpp"

namespace gh::vmm {

class Uart16550 final : public core::ByteSink {
 public:
  Uart16550() = default;
  Uart16550(uint64_t base, uint32_t reg_shift) : base_(base), shift_(reg_shift) {}

  void init();  // 8N1, FIFOs on, interrupts off
  bool present() const { return base_ != 0; }
  void put(char c) override;
  void write(const char* text);
  // Waits until every byte written has left the transmitter (LSR.TEMT).
  void flush();
  // A byte if one has arrived.
  bool try_get(uint8_t& byte);

 private:
  uint8_t read(uint32_t reg) const;
  void write_reg(uint32_t reg, uint8_t value) const;

  uint64_t base_ = 0;
  uint32_t shift_ = 0;
};

}  // namespace gh::vmm
