// Decoder tests. Every encoding below was produced by riscv64-linux-gnu-as
// (binutils 2.40, -march=rv64gc) and checked with objdump -M no-aliases.
#include <gtest/gtest.h>

#include "riscv/decode_helpers.hpp"
#include "riscv/instruction.hpp"

namespace gh::riscv {
namespace {

struct MemoryCase {
  const char* text;
  uint32_t bits;
  Opcode opcode;
  uint8_t length, rd, rs1, rs2, width;
  bool is_signed;
  int64_t imm;
};

void PrintTo(const MemoryCase& c, std::ostream* os) { *os << c.text; }

class MemoryAccessDecode : public ::testing::TestWithParam<MemoryCase> {};

TEST_P(MemoryAccessDecode, FieldsMatchTheAssembler) {
  const MemoryCase& c = GetParam();
  const Instruction insn = decode(c.bits);
  EXPECT_EQ(insn.opcode, c.opcode) << c.text;
  EXPECT_EQ(insn.length, c.length) << c.text;
  EXPECT_EQ(insn.rd, c.rd) << c.text << ": rd";
  EXPECT_EQ(insn.rs1, c.rs1) << c.text << ": rs1";
  EXPECT_EQ(insn.rs2, c.rs2) << c.text << ": rs2";
  EXPECT_EQ(insn.width, c.width) << c.text << ": width";
  EXPECT_EQ(insn.is_signed, c.is_signed) << c.text << ": signedness";
  EXPECT_EQ(insn.imm, c.imm) << c.text << ": offset";
  EXPECT_EQ(insn.bits, c.bits) << c.text;
  EXPECT_TRUE(insn.is_memory_access()) << c.text;
}

// Register numbers: sp=2 t0=5 s0=8 s1=9 a0=10 a1=11 a4=14 a5=15 ra=1; fa0=10 fa1=11 fs0=8.
constexpr MemoryCase kMemoryCases[] = {
    {"lb a0,-1(a1)", 0xfff58503, Opcode::load, 4, 10, 11, 0, 1, true, -1},
    {"lh a0,2(a1)", 0x00259503, Opcode::load, 4, 10, 11, 0, 2, true, 2},
    {"lw t0,2047(sp)", 0x7ff12283, Opcode::load, 4, 5, 2, 0, 4, true, 2047},
    {"ld s1,-2048(s0)", 0x80043483, Opcode::load, 4, 9, 8, 0, 8, true, -2048},
    {"lbu a5,0(a4)", 0x00074783, Opcode::load, 4, 15, 14, 0, 1, false, 0},
    {"lhu a5,6(a4)", 0x00675783, Opcode::load, 4, 15, 14, 0, 2, false, 6},
    {"lwu a5,12(a4)", 0x00c76783, Opcode::load, 4, 15, 14, 0, 4, false, 12},
    {"sb a0,-1(a1)", 0xfea58fa3, Opcode::store, 4, 0, 11, 10, 1, false, -1},
    {"sh a0,2(a1)", 0x00a59123, Opcode::store, 4, 0, 11, 10, 2, false, 2},
    {"sw t0,2047(sp)", 0x7e512fa3, Opcode::store, 4, 0, 2, 5, 4, false, 2047},
    {"sd s1,-2048(s0)", 0x80943023, Opcode::store, 4, 0, 8, 9, 8, false, -2048},
    {"flw fa0,8(a0)", 0x00852507, Opcode::fp_load, 4, 10, 10, 0, 4, false, 8},
    {"fld fa1,-8(a0)", 0xff853587, Opcode::fp_load, 4, 11, 10, 0, 8, false, -8},
    {"fsw fa0,8(a0)", 0x00a52427, Opcode::fp_store, 4, 0, 10, 10, 4, false, 8},
    {"fsd fa1,-16(a0)", 0xfeb53827, Opcode::fp_store, 4, 0, 10, 11, 8, false, -16},
    {"c.lw a0,124(a1)", 0x5de8, Opcode::load, 2, 10, 11, 0, 4, true, 124},
    {"c.ld a5,248(s0)", 0x7c7c, Opcode::load, 2, 15, 8, 0, 8, true, 248},
    {"c.sw a0,4(a1)", 0xc1c8, Opcode::store, 2, 0, 11, 10, 4, false, 4},
    {"c.sd a5,8(s0)", 0xe41c, Opcode::store, 2, 0, 8, 15, 8, false, 8},
    {"c.fld fa0,16(a1)", 0x2988, Opcode::fp_load, 2, 10, 11, 0, 8, false, 16},
    {"c.fsd fa0,248(a1)", 0xbde8, Opcode::fp_store, 2, 0, 11, 10, 8, false, 248},
    {"c.lwsp ra,252(sp)", 0x50fe, Opcode::load, 2, 1, 2, 0, 4, true, 252},
    {"c.ldsp s0,504(sp)", 0x747e, Opcode::load, 2, 8, 2, 0, 8, true, 504},
    {"c.swsp ra,252(sp)", 0xdf86, Opcode::store, 2, 0, 2, 1, 4, false, 252},
    {"c.sdsp s0,504(sp)", 0xffa2, Opcode::store, 2, 0, 2, 8, 8, false, 504},
    {"c.fldsp fs0,504(sp)", 0x347e, Opcode::fp_load, 2, 8, 2, 0, 8, false, 504},
    {"c.fsdsp fs0,8(sp)", 0xa422, Opcode::fp_store, 2, 0, 2, 8, 8, false, 8},
};

INSTANTIATE_TEST_SUITE_P(AllWidths, MemoryAccessDecode, ::testing::ValuesIn(kMemoryCases));

struct AtomicCase {
  const char* text;
  uint32_t bits;
  Opcode opcode;
  AmoOp op;
  uint8_t width;
  bool acquire, release;
};

void PrintTo(const AtomicCase& c, std::ostream* os) { *os << c.text; }

class AtomicDecode : public ::testing::TestWithParam<AtomicCase> {};

TEST_P(AtomicDecode, OperationWidthAndOrderingMatchTheAssembler) {
  const AtomicCase& c = GetParam();
  const Instruction insn = decode(c.bits);
  EXPECT_EQ(insn.opcode, c.opcode) << c.text;
  EXPECT_EQ(insn.amo_op, c.op) << c.text;
  EXPECT_EQ(insn.width, c.width) << c.text;
  EXPECT_EQ(insn.acquire, c.acquire) << c.text;
  EXPECT_EQ(insn.release, c.release) << c.text;
  EXPECT_EQ(insn.rs1, c.opcode == Opcode::lr ? 11 : c.opcode == Opcode::sc ? 14 : 12) << c.text;
}

constexpr AtomicCase kAtomicCases[] = {
    {"lr.w a0,(a1)", 0x1005a52f, Opcode::lr, AmoOp::none, 4, false, false},
    {"lr.d.aq a0,(a1)", 0x1405b52f, Opcode::lr, AmoOp::none, 8, true, false},
    {"sc.w.rl a2,a3,(a4)", 0x1ad7262f, Opcode::sc, AmoOp::none, 4, false, true},
    {"sc.d a2,a3,(a4)", 0x18d7362f, Opcode::sc, AmoOp::none, 8, false, false},
    {"amoswap.w.aqrl a0,a1,(a2)", 0x0eb6252f, Opcode::amo, AmoOp::swap, 4, true, true},
    {"amoadd.d a0,a1,(a2)", 0x00b6352f, Opcode::amo, AmoOp::add, 8, false, false},
    {"amoxor.w a0,a1,(a2)", 0x20b6252f, Opcode::amo, AmoOp::xor_, 4, false, false},
    {"amoand.d a0,a1,(a2)", 0x60b6352f, Opcode::amo, AmoOp::and_, 8, false, false},
    {"amoor.w a0,a1,(a2)", 0x40b6252f, Opcode::amo, AmoOp::or_, 4, false, false},
    {"amomin.d a0,a1,(a2)", 0x80b6352f, Opcode::amo, AmoOp::min, 8, false, false},
    {"amomax.w a0,a1,(a2)", 0xa0b6252f, Opcode::amo, AmoOp::max, 4, false, false},
    {"amominu.d a0,a1,(a2)", 0xc0b6352f, Opcode::amo, AmoOp::minu, 8, false, false},
    {"amomaxu.w a0,a1,(a2)", 0xe0b6252f, Opcode::amo, AmoOp::maxu, 4, false, false},
};

INSTANTIATE_TEST_SUITE_P(AllOperations, AtomicDecode, ::testing::ValuesIn(kAtomicCases));

TEST(AtomicDecode, AmoRegistersAreRdRs1Rs2) {
  const Instruction insn = decode(0x0eb6252f);  // amoswap.w.aqrl a0,a1,(a2)
  EXPECT_EQ(insn.rd, 10);
  EXPECT_EQ(insn.rs2, 11);
  EXPECT_EQ(insn.rs1, 12);
}

TEST(AtomicDecode, LrWithNonZeroRs2IsIllegal) {
  EXPECT_EQ(decode(0x1005a52f | (1u << 20)).opcode, Opcode::illegal);
}

struct CsrCase {
  const char* text;
  uint32_t bits;
  Opcode opcode;
  uint16_t csr;
  uint8_t rd, rs1;
  int64_t imm;
};

void PrintTo(const CsrCase& c, std::ostream* os) { *os << c.text; }

class CsrDecode : public ::testing::TestWithParam<CsrCase> {};

TEST_P(CsrDecode, FormCsrAndOperandsMatchTheAssembler) {
  const CsrCase& c = GetParam();
  const Instruction insn = decode(c.bits);
  EXPECT_EQ(insn.opcode, c.opcode) << c.text;
  EXPECT_TRUE(insn.is_csr_access()) << c.text;
  EXPECT_EQ(insn.csr, c.csr) << c.text;
  EXPECT_EQ(insn.rd, c.rd) << c.text;
  EXPECT_EQ(insn.rs1, c.rs1) << c.text;
  EXPECT_EQ(insn.imm, c.imm) << c.text;
  EXPECT_EQ(insn.length, 4) << c.text;
}

constexpr CsrCase kCsrCases[] = {
    {"csrrw a0,mstatus,a1", 0x30059573, Opcode::csrrw, 0x300, 10, 11, 0},
    {"csrrs a0,sie,zero", 0x10402573, Opcode::csrrs, 0x104, 10, 0, 0},
    {"csrrc zero,mip,t1", 0x34433073, Opcode::csrrc, 0x344, 0, 6, 0},
    {"csrrwi a0,mtvec,31", 0x305fd573, Opcode::csrrwi, 0x305, 10, 31, 31},
    {"csrrsi a0,sstatus,2", 0x10016573, Opcode::csrrsi, 0x100, 10, 2, 2},
    {"csrrci a0,sstatus,2", 0x10017573, Opcode::csrrci, 0x100, 10, 2, 2},
    {"csrrs a0,time,zero", 0xc0102573, Opcode::csrrs, 0xc01, 10, 0, 0},
};

INSTANTIATE_TEST_SUITE_P(AllForms, CsrDecode, ::testing::ValuesIn(kCsrCases));

TEST(SystemDecode, PrivilegedInstructionsWithoutOperands) {
  EXPECT_EQ(decode(0x00000073).opcode, Opcode::ecall);
  EXPECT_EQ(decode(0x00100073).opcode, Opcode::ebreak);
  EXPECT_EQ(decode(0x30200073).opcode, Opcode::mret);
  EXPECT_EQ(decode(0x10200073).opcode, Opcode::sret);
  EXPECT_EQ(decode(0x10500073).opcode, Opcode::wfi);
}

TEST(SystemDecode, CompressedEbreakIsEbreakOfLengthTwo) {
  const Instruction insn = decode(0x9002);
  EXPECT_EQ(insn.opcode, Opcode::ebreak);
  EXPECT_EQ(insn.length, 2);
  EXPECT_EQ(insn.bits, 0x9002u);
}

TEST(SystemDecode, SfenceVmaCarriesAddressAndAsidRegisters) {
  const Instruction all = decode(0x12000073);  // sfence.vma zero,zero
  EXPECT_EQ(all.opcode, Opcode::sfence_vma);
  EXPECT_EQ(all.rs1, 0);
  EXPECT_EQ(all.rs2, 0);
  const Instruction one = decode(0x12b50073);  // sfence.vma a0,a1
  EXPECT_EQ(one.opcode, Opcode::sfence_vma);
  EXPECT_EQ(one.rs1, 10);
  EXPECT_EQ(one.rs2, 11);
}

TEST(SystemDecode, MretWithNonZeroRdIsNotMret) {
  EXPECT_EQ(decode(0x30200073 | (1u << 7)).opcode, Opcode::other);
}

TEST(OtherDecode, OrdinaryInstructionsAreOther) {
  EXPECT_EQ(decode(0x0505).opcode, Opcode::other);      // c.addi a0,1
  EXPECT_EQ(decode(0x00c58533).opcode, Opcode::other);  // add a0,a1,a2
  EXPECT_EQ(decode(0x0ff0000f).opcode, Opcode::other);  // fence iorw,iorw
  EXPECT_EQ(decode(0x0505).length, 2);
}

TEST(OtherDecode, ZeroParcelAndReservedFunctsAreIllegal) {
  EXPECT_EQ(decode(0x0000).opcode, Opcode::illegal);
  EXPECT_EQ(decode(0x00007003).opcode, Opcode::illegal);  // load with funct3 7
  EXPECT_EQ(decode(0x00004023).opcode, Opcode::illegal);  // store with funct3 4
  EXPECT_EQ(decode(0x8000).opcode, Opcode::illegal);      // quadrant 0 funct3 4
  EXPECT_EQ(decode(0x4002).opcode, Opcode::illegal);      // c.lwsp x0
}

TEST(InstructionLength, LowTwoBitsDecide) {
  EXPECT_EQ(instruction_length(0x0073), 4u);
  EXPECT_EQ(instruction_length(0x9002), 2u);
  EXPECT_EQ(instruction_length(0x5de8), 2u);
  EXPECT_EQ(instruction_length(0x0001), 2u);
}

TEST(InstructionLength, CompressedDecodeIgnoresTheUpperHalf) {
  EXPECT_EQ(decode(0xdead0000u | 0x5de8).opcode, Opcode::load);
}

TEST(AmoApply, DoublewordOperations) {
  const uint64_t minus_one = ~0ull;
  EXPECT_EQ(amo_apply(AmoOp::swap, 5, 9, 8), 9u);
  EXPECT_EQ(amo_apply(AmoOp::add, 5, 9, 8), 14u);
  EXPECT_EQ(amo_apply(AmoOp::xor_, 0b1100, 0b1010, 8), 0b0110u);
  EXPECT_EQ(amo_apply(AmoOp::and_, 0b1100, 0b1010, 8), 0b1000u);
  EXPECT_EQ(amo_apply(AmoOp::or_, 0b1100, 0b1010, 8), 0b1110u);
  EXPECT_EQ(amo_apply(AmoOp::min, minus_one, 1, 8), minus_one);
  EXPECT_EQ(amo_apply(AmoOp::max, minus_one, 1, 8), 1u);
  EXPECT_EQ(amo_apply(AmoOp::minu, minus_one, 1, 8), 1u);
  EXPECT_EQ(amo_apply(AmoOp::maxu, minus_one, 1, 8), minus_one);
}

TEST(AmoApply, WordOperationsUseTheLowWordsAndWriteOnlyThem) {
  // 0x8000_0000 is negative as a word, the upper bits of either operand do not count.
  EXPECT_EQ(amo_apply(AmoOp::min, 0xAAAA'AAAA'8000'0000, 1, 4), 0x8000'0000u);
  EXPECT_EQ(amo_apply(AmoOp::maxu, 0x8000'0000, 0xFFFF'FFFF'0000'0001, 4), 0x8000'0000u);
  EXPECT_EQ(amo_apply(AmoOp::add, 0xFFFF'FFFF, 1, 4), 0u);
  EXPECT_EQ(amo_apply(AmoOp::swap, 0, 0x1234'5678'9ABC'DEF0, 4), 0x9ABC'DEF0u);
}

}  // namespace
}  // namespace gh::riscv
