#include "vmm/uart16550.hpp"

#include "vmm/arch.hpp"

namespace gh::vmm {
namespace {
// Register numbers (DLAB = 0) and bits.
constexpr uint32_t reg_data = 0;
constexpr uint32_t reg_ier = 1;
constexpr uint32_t reg_fcr = 2;
constexpr uint32_t reg_lcr = 3;
constexpr uint32_t reg_mcr = 4;
constexpr uint32_t reg_lsr = 5;
constexpr uint8_t lsr_data_ready = 0x01;
constexpr uint8_t lsr_thr_empty = 0x20;
constexpr uint8_t lsr_transmitter_empty = 0x40;
}  // namespace

uint8_t Uart16550::read(uint32_t reg) const { return mmio_read<uint8_t>(base_ + (reg << shift_)); }

void Uart16550::write_reg(uint32_t reg, uint8_t value) const {
  mmio_write<uint8_t>(base_ + (reg << shift_), value);
}

void Uart16550::init() {
  write_reg(reg_ier, 0x00);
  write_reg(reg_lcr, 0x03);  // 8 data bits, no parity, one stop bit
  write_reg(reg_fcr, 0x07);  // FIFOs on and cleared
  write_reg(reg_mcr, 0x03);  // DTR, RTS
}

void Uart16550::put(char c) {
  if (base_ == 0) return;
  while ((read(reg_lsr) & lsr_thr_empty) == 0) {
  }
  write_reg(reg_data, static_cast<uint8_t>(c));
}

void Uart16550::write(const char* text) {
  while (*text != 0) put(*text++);
}

void Uart16550::flush() {
  if (base_ == 0) return;
  while ((read(reg_lsr) & lsr_transmitter_empty) == 0) {
  }
}

bool Uart16550::try_get(uint8_t& byte) {
  if (base_ == 0 || (read(reg_lsr) & lsr_data_ready) == 0) return false;
  byte = read(reg_data);
  return true;
}

}  // namespace gh::vmm
