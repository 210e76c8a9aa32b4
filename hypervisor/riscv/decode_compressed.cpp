// Decoder for 16-bit (RV64C) encodings. Only the loads, stores and c.ebreak matter
// to the hypervisor; the rest is Opcode::other.
#include "riscv/instruction.hpp"

namespace gh::riscv {
namespace {

constexpr uint32_t bit_range(uint16_t bits, unsigned lo, unsigned width) {
  return (bits >> lo) & ((1u << width) - 1);
}

// The 3-bit register fields of the CL/CS formats name x8..x15 (or f8..f15).
constexpr uint8_t short_register(uint16_t bits, unsigned lo) {
  return static_cast<uint8_t>(8 + bit_range(bits, lo, 3));
}

Instruction make(Opcode opcode, uint16_t bits) {
  Instruction insn;
  insn.opcode = opcode;
  insn.length = 2;
  insn.bits = bits;
  return insn;
}

// CL/CS offsets: word accesses scale by 4, doubleword accesses by 8.
uint32_t word_offset(uint16_t bits) {
  return (bit_range(bits, 10, 3) << 3) | (bit_range(bits, 6, 1) << 2) |
         (bit_range(bits, 5, 1) << 6);
}
uint32_t double_offset(uint16_t bits) {
  return (bit_range(bits, 10, 3) << 3) | (bit_range(bits, 5, 2) << 6);
}

Instruction memory(Opcode opcode, uint16_t bits, uint8_t width, uint32_t offset) {
  Instruction insn = make(opcode, bits);
  insn.width = width;
  insn.imm = offset;
  insn.is_signed = opcode == Opcode::load;  // c.lw and c.lwsp sign-extend
  return insn;
}

// Quadrant 0: CL/CS loads and stores relative to rs1'.
Instruction quadrant0(uint16_t bits) {
  const unsigned funct3 = bit_range(bits, 13, 3);
  const bool is_store = funct3 >= 5;
  const uint8_t width = (funct3 & 3) == 2 ? 4 : 8;
  const uint32_t offset = width == 4 ? word_offset(bits) : double_offset(bits);
  Instruction insn;
  switch (funct3) {
    case 0:  // c.addi4spn; a zero immediate is reserved
      return make(bit_range(bits, 5, 8) == 0 ? Opcode::illegal : Opcode::other, bits);
    case 1:
      insn = memory(Opcode::fp_load, bits, 8, offset);
      break;
    case 2:
    case 3:
      insn = memory(Opcode::load, bits, width, offset);
      break;
    case 5:
      insn = memory(Opcode::fp_store, bits, 8, offset);
      break;
    case 6:
    case 7:
      insn = memory(Opcode::store, bits, width, offset);
      break;
    default:
      return make(Opcode::illegal, bits);
  }
  insn.rs1 = short_register(bits, 7);
  if (is_store) {
    insn.rs2 = short_register(bits, 2);
  } else {
    insn.rd = short_register(bits, 2);
  }
  return insn;
}

// CI-format stack-pointer loads: c.lwsp, c.ldsp, c.fldsp.
uint32_t load_sp_offset(uint16_t bits, uint8_t width) {
  const uint32_t high = bit_range(bits, 12, 1) << 5;
  if (width == 4) return high | (bit_range(bits, 4, 3) << 2) | (bit_range(bits, 2, 2) << 6);
  return high | (bit_range(bits, 5, 2) << 3) | (bit_range(bits, 2, 3) << 6);
}

// CSS-format stack-pointer stores: c.swsp, c.sdsp, c.fsdsp.
uint32_t store_sp_offset(uint16_t bits, uint8_t width) {
  if (width == 4) return (bit_range(bits, 9, 4) << 2) | (bit_range(bits, 7, 2) << 6);
  return (bit_range(bits, 10, 3) << 3) | (bit_range(bits, 7, 3) << 6);
}

Instruction load_sp(Opcode opcode, uint16_t bits, uint8_t width) {
  const uint8_t rd = static_cast<uint8_t>(bit_range(bits, 7, 5));
  if (opcode == Opcode::load && rd == 0) return make(Opcode::illegal, bits);
  Instruction insn = memory(opcode, bits, width, load_sp_offset(bits, width));
  insn.rd = rd;
  insn.rs1 = 2;
  return insn;
}

Instruction store_sp(Opcode opcode, uint16_t bits, uint8_t width) {
  Instruction insn = memory(opcode, bits, width, store_sp_offset(bits, width));
  insn.rs1 = 2;
  insn.rs2 = static_cast<uint8_t>(bit_range(bits, 2, 5));
  return insn;
}

bool is_c_ebreak(uint16_t bits) { return bits == 0x9002; }

// Quadrant 2: stack-pointer loads/stores, c.ebreak, register moves.
Instruction quadrant2(uint16_t bits) {
  switch (bit_range(bits, 13, 3)) {
    case 1:
      return load_sp(Opcode::fp_load, bits, 8);
    case 2:
      return load_sp(Opcode::load, bits, 4);
    case 3:
      return load_sp(Opcode::load, bits, 8);
    case 4:
      return make(is_c_ebreak(bits) ? Opcode::ebreak : Opcode::other, bits);
    case 5:
      return store_sp(Opcode::fp_store, bits, 8);
    case 6:
      return store_sp(Opcode::store, bits, 4);
    case 7:
      return store_sp(Opcode::store, bits, 8);
    default:
      return make(Opcode::other, bits);
  }
}

}  // namespace

Instruction decode_16(uint16_t bits) {
  switch (bits & 3) {
    case 0:
      return quadrant0(bits);
    case 2:
      return quadrant2(bits);
    default:  // quadrant 1: arithmetic and branches
      return make(Opcode::other, bits);
  }
}

}  // namespace gh::riscv
