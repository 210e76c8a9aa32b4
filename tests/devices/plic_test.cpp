#include "devices/plic.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"

namespace gh::devices::test {
namespace {

constexpr uint32_t m_context(uint32_t hart) { return 2 * hart; }
constexpr uint32_t s_context(uint32_t hart) { return 2 * hart + 1; }

struct PlicTest : ::testing::Test {
  FakeHarts harts{3};
  Plic plic{harts};

  void set(uint64_t offset, uint32_t value) { ASSERT_TRUE(plic.write(offset, 4, value)); }
  uint32_t get(uint64_t offset) { return static_cast<uint32_t>(plic.read(offset, 4).value()); }
  void priority(uint32_t source, uint32_t value) { set(4 * source, value); }
  void enable(uint32_t context, uint32_t source) {
    const uint64_t word = 0x2000 + 0x80 * context + 4 * (source / 32);
    set(word, get(word) | (1u << (source % 32)));
  }
  void threshold(uint32_t context, uint32_t value) { set(0x200000 + 0x1000 * context, value); }
  uint32_t claim(uint32_t context) { return get(0x200004 + 0x1000 * context); }
  void complete(uint32_t context, uint32_t source) { set(0x200004 + 0x1000 * context, source); }
};

TEST_F(PlicTest, SupervisorContextOfAHartDrivesItsSeip) {
  priority(10, 1);
  enable(s_context(1), 10);
  plic.line(10).set_level(true);
  EXPECT_TRUE(harts.seip[1]) << "context 3 is hart 1's S-mode";
  EXPECT_FALSE(harts.meip[1]);
  EXPECT_FALSE(harts.seip[0]);
}

TEST_F(PlicTest, MachineContextDrivesMeip) {
  priority(1, 3);
  enable(m_context(2), 1);
  plic.line(1).set_level(true);
  EXPECT_TRUE(harts.meip[2]);
  EXPECT_FALSE(harts.seip[2]);
}

TEST_F(PlicTest, PriorityZeroNeverInterrupts) {
  enable(s_context(0), 10);
  plic.line(10).set_level(true);
  EXPECT_FALSE(harts.seip[0]);
  EXPECT_EQ(claim(s_context(0)), 0u) << "a priority-0 source is never claimed";
}

TEST_F(PlicTest, OnlyPrioritiesAboveTheThresholdInterrupt) {
  priority(5, 2);
  enable(s_context(0), 5);
  threshold(s_context(0), 2);
  plic.line(5).set_level(true);
  EXPECT_FALSE(harts.seip[0]) << "priority 2 does not exceed threshold 2";
  EXPECT_EQ(claim(s_context(0)), 0u);
  threshold(s_context(0), 1);
  EXPECT_TRUE(harts.seip[0]) << "lowering the threshold delivers it";
}

TEST_F(PlicTest, ClaimPicksHighestPriorityThenLowestSource) {
  for (uint32_t source : {3u, 7u, 40u}) enable(s_context(0), source);
  priority(3, 2);
  priority(7, 5);
  priority(40, 5);
  for (uint32_t source : {3u, 7u, 40u}) plic.line(source).set_level(true);
  EXPECT_EQ(claim(s_context(0)), 7u) << "7 and 40 tie at priority 5; the lower id wins";
  EXPECT_EQ(claim(s_context(0)), 40u);
  EXPECT_EQ(claim(s_context(0)), 3u);
  EXPECT_EQ(claim(s_context(0)), 0u);
}

TEST_F(PlicTest, ClaimClearsPendingAndHoldsTheSourceUntilComplete) {
  priority(10, 1);
  enable(s_context(0), 10);
  enable(s_context(1), 10);
  plic.line(10).set_level(true);
  EXPECT_TRUE(harts.seip[0]);
  EXPECT_TRUE(harts.seip[1]);
  EXPECT_EQ(claim(s_context(0)), 10u);
  EXPECT_EQ(get(0x1000), 0u) << "pending bit cleared by the claim";
  EXPECT_FALSE(harts.seip[0]);
  EXPECT_FALSE(harts.seip[1]) << "a claimed source is no longer offered to other contexts";
  EXPECT_EQ(claim(s_context(1)), 0u) << "the other hart loses the race";

  plic.line(10).set_level(true);  // the device still wants service
  EXPECT_FALSE(harts.seip[0]) << "no delivery while claimed";
  complete(s_context(0), 10);
  EXPECT_TRUE(harts.seip[0]) << "pending again after completion";
}

TEST_F(PlicTest, LoweringTheLineWithdrawsThePendingInterrupt) {
  priority(1, 1);
  enable(s_context(0), 1);
  plic.line(1).set_level(true);
  plic.line(1).set_level(false);
  EXPECT_FALSE(harts.seip[0]);
  EXPECT_EQ(get(0x1000), 0u) << "QEMU: the pending bit follows the line";
}

TEST_F(PlicTest, PendingBitsAreReadOnly) {
  priority(33, 1);
  plic.line(33).set_level(true);
  EXPECT_EQ(get(0x1004), 1u << 1) << "source 33 is bit 1 of the second word";
  set(0x1004, 0);
  EXPECT_EQ(get(0x1004), 1u << 1);
}

TEST_F(PlicTest, OutOfRangePriorityAndThresholdWritesAreIgnored) {
  priority(4, 6);
  priority(4, 8);
  EXPECT_EQ(get(4 * 4), 6u) << "QEMU 7.2 keeps the old priority for values above 7";
  threshold(s_context(0), 3);
  threshold(s_context(0), 9);
  EXPECT_EQ(get(0x201000), 3u);
}

TEST_F(PlicTest, SourceZeroHasNoPriority) {
  priority(0, 5);
  EXPECT_EQ(get(0), 0u);
}

TEST_F(PlicTest, ReservedRegistersReadZeroAndIgnoreWrites) {
  set(0x2000 + 12, 0xffff'ffff);  // enable word 3 does not exist (96 sources)
  EXPECT_EQ(get(0x2000 + 12), 0u);
  set(0x200008, 7);
  EXPECT_EQ(get(0x200008), 0u);
  set(0x1f'fffc, 1);
  EXPECT_EQ(get(0x1f'fffc), 0u);
  set(0x200000 + 0x1000 * 6, 1);  // context 6 does not exist with three harts
  EXPECT_EQ(get(0x200000 + 0x1000 * 6), 0u);
  EXPECT_EQ(get(0x2000 + 0x80 * 6), 0u);
}

TEST_F(PlicTest, OnlyAlignedWordAccessesAreValid) {
  EXPECT_FALSE(plic.read(0x28, 1).has_value());
  EXPECT_FALSE(plic.read(0x28, 8).has_value());
  EXPECT_FALSE(plic.write(0x2a, 4, 1));
  EXPECT_FALSE(plic.write(0x28, 2, 1));
}

TEST_F(PlicTest, CompletingAnUnclaimedOrInvalidSourceIsHarmless) {
  complete(s_context(0), 10);
  complete(s_context(0), 500);
  EXPECT_EQ(harts.external_calls, 0);
}

TEST_F(PlicTest, LinesOfMissingSourcesGoNowhere) {
  plic.line(0).set_level(true);
  plic.line(96).set_level(true);
  plic.line(12345).set_level(true);
  EXPECT_EQ(get(0x1000), 0u);
  EXPECT_EQ(get(0x1008), 0u);
}

TEST_F(PlicTest, EnablesAreReadBackPerContext) {
  set(0x2000 + 0x80 * 3 + 4, 0x8000'0001);
  EXPECT_EQ(get(0x2000 + 0x80 * 3 + 4), 0x8000'0001u);
  EXPECT_EQ(get(0x2000 + 0x80 * 2 + 4), 0u);
}

TEST_F(PlicTest, OutputsChangeOnlyOnEdges) {
  priority(10, 1);
  enable(s_context(0), 10);
  plic.line(10).set_level(true);
  plic.line(10).set_level(true);
  EXPECT_EQ(harts.external_calls, 1) << "the hart is told once, not on every update";
}

}  // namespace
}  // namespace gh::devices::test
