#include "riscv/next_pc.hpp"

namespace gh::riscv {
namespace {

constexpr uint64_t bit_field(uint32_t bits, unsigned high, unsigned low) {
  return (bits >> low) & ((1u << (high - low + 1)) - 1);
}

constexpr int64_t sign_extend(uint64_t value, unsigned width) {
  const uint64_t sign = 1ull << (width - 1);
  return static_cast<int64_t>((value ^ sign) - sign);
}

constexpr int64_t j_immediate(uint32_t bits) {
  uint64_t imm = bit_field(bits, 31, 31) << 20 | bit_field(bits, 19, 12) << 12 |
                 bit_field(bits, 20, 20) << 11 | bit_field(bits, 30, 21) << 1;
  return sign_extend(imm, 21);
}

constexpr int64_t b_immediate(uint32_t bits) {
  uint64_t imm = bit_field(bits, 31, 31) << 12 | bit_field(bits, 7, 7) << 11 |
                 bit_field(bits, 30, 25) << 5 | bit_field(bits, 11, 8) << 1;
  return sign_extend(imm, 13);
}

constexpr int64_t cj_immediate(uint32_t bits) {
  uint64_t imm = bit_field(bits, 12, 12) << 11 | bit_field(bits, 8, 8) << 10 |
                 bit_field(bits, 10, 9) << 8 | bit_field(bits, 6, 6) << 7 |
                 bit_field(bits, 7, 7) << 6 | bit_field(bits, 2, 2) << 5 |
                 bit_field(bits, 11, 11) << 4 | bit_field(bits, 5, 3) << 1;
  return sign_extend(imm, 12);
}

constexpr int64_t cb_immediate(uint32_t bits) {
  uint64_t imm = bit_field(bits, 12, 12) << 8 | bit_field(bits, 6, 5) << 6 |
                 bit_field(bits, 2, 2) << 5 | bit_field(bits, 11, 10) << 3 |
                 bit_field(bits, 4, 3) << 1;
  return sign_extend(imm, 9);
}

bool branch_taken(uint32_t funct3, uint64_t a, uint64_t b) {
  const auto sa = static_cast<int64_t>(a), sb = static_cast<int64_t>(b);
  switch (funct3) {
    case 0:
      return a == b;  // beq
    case 1:
      return a != b;  // bne
    case 4:
      return sa < sb;  // blt
    case 5:
      return sa >= sb;  // bge
    case 6:
      return a < b;  // bltu
    case 7:
      return a >= b;  // bgeu
    default:
      return false;  // reserved: not a branch the hart takes
  }
}

uint64_t next_pc_32(uint32_t bits, uint64_t pc, const std::array<uint64_t, 32>& x) {
  const auto rs1 = bit_field(bits, 19, 15), rs2 = bit_field(bits, 24, 20);
  switch (bits & 0x7f) {
    case 0x6f:  // jal
      return pc + j_immediate(bits);
    case 0x67:  // jalr
      return (x[rs1] + sign_extend(bit_field(bits, 31, 20), 12)) & ~1ull;
    case 0x63:  // beq .. bgeu
      return branch_taken(bit_field(bits, 14, 12), x[rs1], x[rs2]) ? pc + b_immediate(bits)
                                                                   : pc + 4;
    default:
      return pc + 4;
  }
}

uint64_t next_pc_16(uint32_t bits, uint64_t pc, const std::array<uint64_t, 32>& x) {
  const uint32_t quadrant = bits & 3, funct3 = bit_field(bits, 15, 13);
  if (quadrant == 1) {
    const uint64_t rs1_value = x[8 + bit_field(bits, 9, 7)];
    if (funct3 == 5) return pc + cj_immediate(bits);                            // c.j
    if (funct3 == 6) return rs1_value == 0 ? pc + cb_immediate(bits) : pc + 2;  // c.beqz
    if (funct3 == 7) return rs1_value != 0 ? pc + cb_immediate(bits) : pc + 2;  // c.bnez
  }
  if (quadrant == 2 && funct3 == 4) {
    const auto rs1 = bit_field(bits, 11, 7), rs2 = bit_field(bits, 6, 2);
    if (rs1 != 0 && rs2 == 0) return x[rs1] & ~1ull;  // c.jr, c.jalr
  }
  return pc + 2;
}

ControlTransfer control_transfer_32(uint32_t bits) {
  const auto rd = static_cast<uint8_t>(bit_field(bits, 11, 7));
  const uint32_t funct3 = bit_field(bits, 14, 12);
  switch (bits & 0x7f) {
    case 0x6f:  // jal
      return {true, rd};
    case 0x67:  // jalr
      return funct3 == 0 ? ControlTransfer{true, rd} : ControlTransfer{};
    case 0x63:  // beq .. bgeu; funct3 2 and 3 are reserved
      return funct3 != 2 && funct3 != 3 ? ControlTransfer{true, 0} : ControlTransfer{};
    default:
      return {};
  }
}

ControlTransfer control_transfer_16(uint32_t bits) {
  const uint32_t quadrant = bits & 3, funct3 = bit_field(bits, 15, 13);
  if (quadrant == 1 && funct3 >= 5) return {true, 0};  // c.j, c.beqz, c.bnez
  if (quadrant == 2 && funct3 == 4 && bit_field(bits, 11, 7) != 0 && bit_field(bits, 6, 2) == 0) {
    return {true, static_cast<uint8_t>(bit_field(bits, 12, 12) != 0 ? 1 : 0)};  // c.jalr, c.jr
  }
  return {};
}

}  // namespace

ControlTransfer control_transfer(uint32_t bits) {
  if ((bits & 3) == 3) return control_transfer_32(bits);
  return control_transfer_16(bits & 0xffff);
}

uint64_t next_pc(uint32_t bits, uint64_t pc, const std::array<uint64_t, 32>& x) {
  if ((bits & 3) == 3) return next_pc_32(bits, pc, x);
  return next_pc_16(bits & 0xffff, pc, x);
}

}  // namespace gh::riscv
