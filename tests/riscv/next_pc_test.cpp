// next_pc: where a hart goes after one instruction (encodings from GNU as 2.40).
#include "riscv/next_pc.hpp"

#include <gtest/gtest.h>

namespace gh::riscv {
namespace {

constexpr uint64_t pc = 0x1000;
constexpr unsigned ra = 1, a0 = 10, a1 = 11, a5 = 15, s1 = 9;

class NextPcTest : public ::testing::Test {
 protected:
  std::array<uint64_t, 32> x{};
  uint64_t next(uint32_t bits) { return next_pc(bits, pc, x); }
};

TEST_F(NextPcTest, JalJumpsForwardAndBack) {
  EXPECT_EQ(next(0x0080006f), pc + 8);  // j .+8
  EXPECT_EQ(next(0xffdff06f), pc - 4);  // j .-4
}

TEST_F(NextPcTest, JalrGoesToRegisterPlusOffsetWithLowBitCleared) {
  x[a0] = 0x8000'0009;
  EXPECT_EQ(next(0xff8502e7), 0x8000'0000u);  // jalr t0, -8(a0)
  x[ra] = 0x8000'1234;
  EXPECT_EQ(next(0x00008067), 0x8000'1234u);  // ret
}

TEST_F(NextPcTest, BranchesAreEvaluated) {
  x[a0] = 5;
  x[a1] = 5;
  EXPECT_EQ(next(0x00b50863), pc + 16);  // beq a0, a1, .+16: taken
  EXPECT_EQ(next(0xfeb518e3), pc + 4);   // bne a0, a1, .-16: not taken
  x[a1] = 6;
  EXPECT_EQ(next(0xfeb518e3), pc - 16);  // bne: taken
  x[a0] = ~0ull;                         // -1 signed, huge unsigned
  EXPECT_EQ(next(0x02b56063), pc + 4);   // bltu a0, a1, .+32: not taken
  EXPECT_EQ(next(0x02b55063), pc + 4);   // bge a0, a1, .+32: -1 < 6 signed, not taken
  x[a0] = 7;
  EXPECT_EQ(next(0x02b55063), pc + 32);  // bge: taken
}

TEST_F(NextPcTest, CompressedJumps) {
  EXPECT_EQ(next(0xa021), pc + 8);   // c.j .+8
  EXPECT_EQ(next(0xbff5), pc - 4);   // c.j .-4
  EXPECT_EQ(next(0xbffd), pc - 2);   // c.j .-2
  EXPECT_EQ(next(0xa029), pc + 10);  // c.j .+10
  x[ra] = 0x8020'0000;
  EXPECT_EQ(next(0x8082), 0x8020'0000u);  // c.jr ra
  x[a5] = 0x8020'0101;
  EXPECT_EQ(next(0x9782), 0x8020'0100u);  // c.jalr a5
}

TEST_F(NextPcTest, CompressedBranches) {
  x[a0] = 0;
  EXPECT_EQ(next(0xc119), pc + 6);  // c.beqz a0, .+6: taken
  x[a0] = 1;
  EXPECT_EQ(next(0xc119), pc + 2);  // not taken
  x[s1] = 3;
  EXPECT_EQ(next(0xfced), pc - 6);  // c.bnez s1, .-6: taken
  x[s1] = 0;
  EXPECT_EQ(next(0xfced), pc + 2);
}

TEST_F(NextPcTest, EverythingElseFallsThrough) {
  EXPECT_EQ(next(0x0505), pc + 2);      // c.addi a0, 1
  EXPECT_EQ(next(0x9002), pc + 2);      // c.ebreak
  EXPECT_EQ(next(0x18051073), pc + 4);  // csrw satp, a0: emulated, the exit ends a step
  EXPECT_EQ(next(0x00000073), pc + 4);  // ecall
}

TEST(ControlTransferTest, JumpsNameTheirLinkRegister) {
  EXPECT_TRUE(control_transfer(0x0080006f).transfers);  // j .+8
  EXPECT_EQ(control_transfer(0x0080006f).link, 0);
  EXPECT_EQ(control_transfer(0x008000ef).link, 1);  // jal ra, .+8
  EXPECT_EQ(control_transfer(0xff8502e7).link, 5);  // jalr t0, -8(a0)
  EXPECT_EQ(control_transfer(0x00008067).link, 0);  // ret
  EXPECT_EQ(control_transfer(0x9782).link, 1);      // c.jalr a5
  EXPECT_TRUE(control_transfer(0x8082).transfers);  // c.jr ra
  EXPECT_EQ(control_transfer(0x8082).link, 0);
  EXPECT_TRUE(control_transfer(0xa021).transfers);  // c.j .+8
}

TEST(ControlTransferTest, BranchesLinkNothing) {
  EXPECT_TRUE(control_transfer(0x00b50863).transfers);  // beq a0, a1, .+16
  EXPECT_EQ(control_transfer(0x00b50863).link, 0);
  EXPECT_TRUE(control_transfer(0xc119).transfers);  // c.beqz a0, .+6
  EXPECT_TRUE(control_transfer(0xfced).transfers);  // c.bnez s1, .-6
}

TEST(ControlTransferTest, EverythingElseIsNoTransfer) {
  EXPECT_FALSE(control_transfer(0x0505).transfers);      // c.addi a0, 1
  EXPECT_FALSE(control_transfer(0x9002).transfers);      // c.ebreak
  EXPECT_FALSE(control_transfer(0x00100073).transfers);  // ebreak
  EXPECT_FALSE(control_transfer(0x00150513).transfers);  // addi a0, a0, 1
  EXPECT_FALSE(control_transfer(0x00b52863).transfers);  // branch with reserved funct3 2
  EXPECT_FALSE(control_transfer(0x00051067).transfers);  // jalr with funct3 1: reserved
  EXPECT_FALSE(control_transfer(0x2505).transfers);      // c.addiw a0, 1 (RV64, not c.jal)
}

}  // namespace
}  // namespace gh::riscv
