// The guest's satp decoded, and what a guest satp write leaves behind (QEMU 7.2 rules).
#pragma once

#include <cstdint>

#include "riscv/csr.hpp"

namespace gh::mmu {

enum class PagingMode : uint8_t { bare, sv39, sv48, sv57 };

constexpr unsigned paging_levels(PagingMode mode) {
  switch (mode) {
    case PagingMode::sv39:
      return 3;
    case PagingMode::sv48:
      return 4;
    case PagingMode::sv57:
      return 5;
    case PagingMode::bare:
      break;
  }
  return 0;
}

// Width of a virtual address: 39, 48 or 57 bits (64 when bare).
constexpr unsigned virtual_address_bits(PagingMode mode) {
  return mode == PagingMode::bare ? 64 : 12 + 9 * paging_levels(mode);
}

constexpr uint64_t satp_mode_field(PagingMode mode) {
  switch (mode) {
    case PagingMode::sv39:
      return riscv::satp::mode_sv39;
    case PagingMode::sv48:
      return riscv::satp::mode_sv48;
    case PagingMode::sv57:
      return riscv::satp::mode_sv57;
    case PagingMode::bare:
      break;
  }
  return riscv::satp::mode_bare;
}

struct SatpFields {
  PagingMode mode = PagingMode::bare;
  uint16_t asid = 0;
  uint64_t root_gpa = 0;   // PPN << 12
  bool mode_known = true;  // false: MODE holds an encoding no RV64 hart implements
};

constexpr SatpFields decode_satp(uint64_t satp) {
  SatpFields fields;
  fields.asid = static_cast<uint16_t>((satp >> riscv::satp::asid_shift) & riscv::satp::asid_mask);
  fields.root_gpa = (satp & riscv::satp::ppn_mask) << 12;
  switch (satp >> riscv::satp::mode_shift) {
    case riscv::satp::mode_bare:
      fields.mode = PagingMode::bare;
      break;
    case riscv::satp::mode_sv39:
      fields.mode = PagingMode::sv39;
      break;
    case riscv::satp::mode_sv48:
      fields.mode = PagingMode::sv48;
      break;
    case riscv::satp::mode_sv57:
      fields.mode = PagingMode::sv57;
      break;
    default:
      fields.mode_known = false;
      break;
  }
  return fields;
}

// Which modes the virtual hart offers (bare is always offered).
struct SupportedPagingModes {
  bool sv39 = true;
  bool sv48 = false;
  bool sv57 = false;

  constexpr bool offers(const SatpFields& fields) const {
    if (!fields.mode_known) return false;
    switch (fields.mode) {
      case PagingMode::bare:
        return true;
      case PagingMode::sv39:
        return sv39;
      case PagingMode::sv48:
        return sv48;
      case PagingMode::sv57:
        return sv57;
    }
    return false;
  }
};

// QEMU 7.2 write_satp: a write whose MODE is not offered is ignored entirely (satp keeps
// its old value); otherwise all of MODE, ASID (16 bits) and PPN are taken as written.
constexpr uint64_t satp_after_write(uint64_t old_satp, uint64_t written,
                                    SupportedPagingModes modes) {
  return modes.offers(decode_satp(written)) ? written : old_satp;
}

}  // namespace gh::mmu
