// Decoder for 32-bit (uncompressed) encodings.
#include "riscv/instruction.hpp"

namespace gh::riscv {
namespace {

// Major opcodes (bits [6:0]).
constexpr uint32_t kLoad = 0x03;
constexpr uint32_t kLoadFp = 0x07;
constexpr uint32_t kStore = 0x23;
constexpr uint32_t kStoreFp = 0x27;
constexpr uint32_t kAmo = 0x2F;
constexpr uint32_t kSystem = 0x73;

// Exact encodings of the SYSTEM instructions without operands.
constexpr uint32_t kEcall = 0x00000073;
constexpr uint32_t kEbreak = 0x00100073;
constexpr uint32_t kSret = 0x10200073;
constexpr uint32_t kMret = 0x30200073;
constexpr uint32_t kWfi = 0x10500073;
constexpr uint32_t kSfenceVmaFunct7 = 0x09;

constexpr uint32_t field(uint32_t bits, unsigned lo, unsigned width) {
  return (bits >> lo) & ((1u << width) - 1);
}
constexpr int64_t sign_extend(uint64_t value, unsigned width) {
  const unsigned shift = 64 - width;
  return static_cast<int64_t>(value << shift) >> shift;
}

struct Fields {
  uint8_t rd, rs1, rs2, funct3, funct7;
};
constexpr Fields fields_of(uint32_t bits) {
  return {static_cast<uint8_t>(field(bits, 7, 5)), static_cast<uint8_t>(field(bits, 15, 5)),
          static_cast<uint8_t>(field(bits, 20, 5)), static_cast<uint8_t>(field(bits, 12, 3)),
          static_cast<uint8_t>(field(bits, 25, 7))};
}

Instruction make(Opcode opcode, uint32_t bits) {
  Instruction insn;
  insn.opcode = opcode;
  insn.length = 4;
  insn.bits = bits;
  return insn;
}

Instruction decode_load(uint32_t bits) {
  const Fields f = fields_of(bits);
  if (f.funct3 == 7) return make(Opcode::illegal, bits);
  Instruction insn = make(Opcode::load, bits);
  insn.rd = f.rd;
  insn.rs1 = f.rs1;
  insn.width = static_cast<uint8_t>(1u << (f.funct3 & 3));
  insn.is_signed = f.funct3 < 4;
  insn.imm = sign_extend(field(bits, 20, 12), 12);
  return insn;
}

int64_t store_offset(uint32_t bits) {
  return sign_extend((field(bits, 25, 7) << 5) | field(bits, 7, 5), 12);
}

Instruction decode_store(uint32_t bits) {
  const Fields f = fields_of(bits);
  if (f.funct3 > 3) return make(Opcode::illegal, bits);
  Instruction insn = make(Opcode::store, bits);
  insn.rs1 = f.rs1;
  insn.rs2 = f.rs2;
  insn.width = static_cast<uint8_t>(1u << f.funct3);
  insn.imm = store_offset(bits);
  return insn;
}

// flh/flw/fld and fsh/fsw/fsd; other widths of this opcode are vector accesses.
uint8_t fp_width(uint8_t funct3) {
  switch (funct3) {
    case 1:
      return 2;
    case 2:
      return 4;
    case 3:
      return 8;
    default:
      return 0;
  }
}

Instruction decode_fp_load(uint32_t bits) {
  const Fields f = fields_of(bits);
  const uint8_t width = fp_width(f.funct3);
  if (width == 0) return make(Opcode::other, bits);
  Instruction insn = make(Opcode::fp_load, bits);
  insn.rd = f.rd;
  insn.rs1 = f.rs1;
  insn.width = width;
  insn.imm = sign_extend(field(bits, 20, 12), 12);
  return insn;
}

Instruction decode_fp_store(uint32_t bits) {
  const Fields f = fields_of(bits);
  const uint8_t width = fp_width(f.funct3);
  if (width == 0) return make(Opcode::other, bits);
  Instruction insn = make(Opcode::fp_store, bits);
  insn.rs1 = f.rs1;
  insn.rs2 = f.rs2;
  insn.width = width;
  insn.imm = store_offset(bits);
  return insn;
}

AmoOp amo_op_of(uint32_t funct5) {
  switch (funct5) {
    case 0x01:
      return AmoOp::swap;
    case 0x00:
      return AmoOp::add;
    case 0x04:
      return AmoOp::xor_;
    case 0x0C:
      return AmoOp::and_;
    case 0x08:
      return AmoOp::or_;
    case 0x10:
      return AmoOp::min;
    case 0x14:
      return AmoOp::max;
    case 0x18:
      return AmoOp::minu;
    case 0x1C:
      return AmoOp::maxu;
    default:
      return AmoOp::none;
  }
}

Opcode atomic_opcode(uint32_t funct5, uint8_t rs2) {
  if (funct5 == 0x02) return rs2 == 0 ? Opcode::lr : Opcode::illegal;
  if (funct5 == 0x03) return Opcode::sc;
  return amo_op_of(funct5) == AmoOp::none ? Opcode::illegal : Opcode::amo;
}

Instruction decode_amo(uint32_t bits) {
  const Fields f = fields_of(bits);
  if (f.funct3 != 2 && f.funct3 != 3) return make(Opcode::illegal, bits);
  const uint32_t funct5 = field(bits, 27, 5);
  Instruction insn = make(atomic_opcode(funct5, f.rs2), bits);
  if (insn.opcode == Opcode::illegal) return insn;
  insn.rd = f.rd;
  insn.rs1 = f.rs1;
  insn.rs2 = f.rs2;
  insn.width = f.funct3 == 2 ? 4 : 8;
  insn.is_signed = true;  // 32-bit results are sign-extended into rd
  insn.acquire = field(bits, 26, 1) != 0;
  insn.release = field(bits, 25, 1) != 0;
  insn.amo_op = insn.opcode == Opcode::amo ? amo_op_of(funct5) : AmoOp::none;
  return insn;
}

Opcode privileged_opcode(uint32_t bits) {
  switch (bits) {
    case kEcall:
      return Opcode::ecall;
    case kEbreak:
      return Opcode::ebreak;
    case kSret:
      return Opcode::sret;
    case kMret:
      return Opcode::mret;
    case kWfi:
      return Opcode::wfi;
    default:
      return Opcode::other;
  }
}

Instruction decode_privileged(uint32_t bits) {
  const Fields f = fields_of(bits);
  if (f.funct7 == kSfenceVmaFunct7 && f.rd == 0) {
    Instruction insn = make(Opcode::sfence_vma, bits);
    insn.rs1 = f.rs1;
    insn.rs2 = f.rs2;
    return insn;
  }
  return make(privileged_opcode(bits), bits);
}

constexpr Opcode kCsrOpcodes[8] = {Opcode::other, Opcode::csrrw,  Opcode::csrrs,  Opcode::csrrc,
                                   Opcode::other, Opcode::csrrwi, Opcode::csrrsi, Opcode::csrrci};

Instruction decode_system(uint32_t bits) {
  const Fields f = fields_of(bits);
  if (f.funct3 == 0) return decode_privileged(bits);
  Instruction insn = make(kCsrOpcodes[f.funct3], bits);
  if (insn.opcode == Opcode::other) return insn;  // funct3 4: H-extension loads etc.
  insn.rd = f.rd;
  insn.rs1 = f.rs1;
  insn.csr = static_cast<uint16_t>(field(bits, 20, 12));
  if (f.funct3 >= 5) insn.imm = f.rs1;
  return insn;
}

}  // namespace

Instruction decode_32(uint32_t bits) {
  switch (field(bits, 0, 7)) {
    case kLoad:
      return decode_load(bits);
    case kLoadFp:
      return decode_fp_load(bits);
    case kStore:
      return decode_store(bits);
    case kStoreFp:
      return decode_fp_store(bits);
    case kAmo:
      return decode_amo(bits);
    case kSystem:
      return decode_system(bits);
    default:
      return make(Opcode::other, bits);
  }
}

Instruction decode(uint32_t bits) {
  if (instruction_length(static_cast<uint16_t>(bits)) == 2) {
    return decode_16(static_cast<uint16_t>(bits));
  }
  return decode_32(bits);
}

}  // namespace gh::riscv
