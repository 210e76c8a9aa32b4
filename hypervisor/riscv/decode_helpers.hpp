// Small arithmetic on decoded memory accesses, shared by every emulation path.
#pragma once

#include <cstdint>

namespace gh::riscv {

// The register value a load of `width` bytes produces from the bytes read.
constexpr uint64_t extend_load(uint64_t raw, unsigned width, bool is_signed) {
  if (width >= 8) return raw;
  unsigned bits = width * 8;
  uint64_t value = raw & ((1ull << bits) - 1);
  if (is_signed && (value >> (bits - 1)) != 0) value |= ~0ull << bits;
  return value;
}

// The bytes a store of `width` bytes writes from a register value.
constexpr uint64_t truncate_store(uint64_t value, unsigned width) {
  return width >= 8 ? value : value & ((1ull << (width * 8)) - 1);
}

}  // namespace gh::riscv
