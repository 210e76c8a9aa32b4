#include "devices/clint.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"

namespace gh::devices::test {
namespace {

struct ClintTest : ::testing::Test {
  FakeHarts harts{3};
  Clint clint{harts};
};

TEST_F(ClintTest, MsipBitZeroRaisesAndClearsTheSoftwareInterrupt) {
  ASSERT_TRUE(clint.write(4, 4, 1));
  EXPECT_TRUE(harts.msip[1]) << "msip of hart 1 is at 0x4";
  EXPECT_EQ(clint.read(4, 4), 1u);
  ASSERT_TRUE(clint.write(4, 4, 0));
  EXPECT_FALSE(harts.msip[1]);
  EXPECT_EQ(clint.read(4, 4), 0u);
}

TEST_F(ClintTest, MsipIgnoresBitsAboveZero) {
  ASSERT_TRUE(clint.write(0, 4, 0xfffe));
  EXPECT_FALSE(harts.msip[0]);
  EXPECT_EQ(clint.read(0, 4), 0u);
}

TEST_F(ClintTest, MsipOfAMissingHartReadsZeroAndIgnoresWrites) {
  ASSERT_TRUE(clint.write(4 * 3, 4, 1));
  EXPECT_EQ(clint.read(4 * 3, 4), 0u);
}

TEST_F(ClintTest, MsipTakesOnlyAlignedWords) {
  EXPECT_FALSE(clint.read(0, 8).has_value());
  EXPECT_FALSE(clint.write(0, 1, 1));
  EXPECT_FALSE(clint.write(2, 4, 1));
}

TEST_F(ClintTest, MtimecmpDoublewordWriteReachesTheHart) {
  ASSERT_TRUE(clint.write(0x4000 + 8 * 2, 8, 0x1234'5678'9abc));
  EXPECT_EQ(harts.mtimecmp[2], 0x1234'5678'9abcu);
  EXPECT_EQ(clint.read(0x4000 + 8 * 2, 8), 0x1234'5678'9abcu);
}

TEST_F(ClintTest, MtimecmpHalvesAreWordAccessible) {
  ASSERT_TRUE(clint.write(0x4000, 8, 0x1111'1111'2222'2222));
  ASSERT_TRUE(clint.write(0x4000, 4, 0x3333'3333));
  EXPECT_EQ(harts.mtimecmp[0], 0x1111'1111'3333'3333u) << "low word write keeps the high word";
  ASSERT_TRUE(clint.write(0x4004, 4, 0x4444'4444));
  EXPECT_EQ(harts.mtimecmp[0], 0x4444'4444'3333'3333u) << "high word write keeps the low word";
  EXPECT_EQ(clint.read(0x4000, 4), 0x3333'3333u);
  EXPECT_EQ(clint.read(0x4004, 4), 0x4444'4444u);
}

TEST_F(ClintTest, MtimeReadsThePlatformTimer) {
  harts.now = 0xaaaa'bbbb'cccc'dddd;
  EXPECT_EQ(clint.read(0xbff8, 8), 0xaaaa'bbbb'cccc'ddddu);
  EXPECT_EQ(clint.read(0xbff8, 4), 0xcccc'ddddu);
  EXPECT_EQ(clint.read(0xbffc, 4), 0xaaaa'bbbbu);
}

TEST_F(ClintTest, MtimeWriteMovesTheTimerAndResendsEveryCompare) {
  ASSERT_TRUE(clint.write(0x4008, 8, 500));
  const int writes_before = harts.compare_writes;
  ASSERT_TRUE(clint.write(0xbff8, 8, 1000));
  EXPECT_EQ(harts.now, 1000u);
  EXPECT_EQ(harts.compare_writes - writes_before, 3) << "each hart's mtimecmp re-evaluated";
  EXPECT_EQ(harts.mtimecmp[1], 500u);
}

TEST_F(ClintTest, MtimeHalfWrites) {
  harts.now = 0x0000'0001'0000'0002;
  ASSERT_TRUE(clint.write(0xbffc, 4, 7));
  EXPECT_EQ(harts.now, 0x0000'0007'0000'0002u);
  ASSERT_TRUE(clint.write(0xbff8, 4, 9));
  EXPECT_EQ(harts.now, 0x0000'0007'0000'0009u);
}

TEST_F(ClintTest, TimerRegistersRejectBytesAndMisalignment) {
  EXPECT_FALSE(clint.read(0x4000, 2).has_value());
  EXPECT_FALSE(clint.read(0x4004, 8).has_value());
  EXPECT_FALSE(clint.write(0xbff8, 1, 0));
}

TEST_F(ClintTest, UnknownTimerRegistersReadZero) {
  EXPECT_EQ(clint.read(0x4000 + 8 * 3, 8), 0u) << "mtimecmp of a missing hart";
  EXPECT_EQ(clint.read(0xb000, 4), 0u);
}

TEST_F(ClintTest, BeyondTheTimerIsUnassigned) {
  EXPECT_FALSE(clint.read(0xc000, 4).has_value());
  EXPECT_FALSE(clint.write(0xfff8, 8, 0));
}

}  // namespace
}  // namespace gh::devices::test
