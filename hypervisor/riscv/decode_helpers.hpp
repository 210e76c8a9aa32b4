// Small arithmetic on decoded memory accesses, shared by every emulation path.
#pragma once

#include <cstdint>

#include "riscv/instruction.hpp"

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

// The value an AMO of `width` bytes (4 or 8) writes back, from the value it read and rs2.
// 32-bit AMOs compare and compute on the low words.
constexpr uint64_t amo_apply(AmoOp op, uint64_t old, uint64_t operand, unsigned width) {
  const uint64_t a = extend_load(old, width, true), b = extend_load(operand, width, true);
  const uint64_t ua = extend_load(old, width, false), ub = extend_load(operand, width, false);
  uint64_t result = b;
  switch (op) {
    case AmoOp::none:
    case AmoOp::swap:
      result = b;
      break;
    case AmoOp::add:
      result = a + b;
      break;
    case AmoOp::xor_:
      result = a ^ b;
      break;
    case AmoOp::and_:
      result = a & b;
      break;
    case AmoOp::or_:
      result = a | b;
      break;
    case AmoOp::min:
      result = static_cast<int64_t>(a) < static_cast<int64_t>(b) ? a : b;
      break;
    case AmoOp::max:
      result = static_cast<int64_t>(a) > static_cast<int64_t>(b) ? a : b;
      break;
    case AmoOp::minu:
      result = ua < ub ? ua : ub;
      break;
    case AmoOp::maxu:
      result = ua > ub ? ua : ub;
      break;
  }
  return truncate_store(result, width);
}

}  // namespace gh::riscv
