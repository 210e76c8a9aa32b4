#include "devices/sifive_test.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"

namespace gh::devices::test {
namespace {

struct Finisher : ::testing::Test {
  PowerSwitch power;
  SifiveTest finisher{power};
};

TEST_F(Finisher, Writing0x5555PassesWithExitCodeZero) {
  ASSERT_TRUE(finisher.write(0, 4, 0x5555));
  ASSERT_EQ(power.requests.size(), 1u) << "the VMM should have been asked to power off once";
  EXPECT_EQ(power.requests[0], FinisherRequest::pass);
  EXPECT_EQ(power.codes[0], 0);
}

TEST_F(Finisher, FailCarriesTheCodeFromTheUpperHalf) {
  ASSERT_TRUE(finisher.write(0, 4, (42u << 16) | 0x3333));
  ASSERT_EQ(power.requests.size(), 1u);
  EXPECT_EQ(power.requests[0], FinisherRequest::fail);
  EXPECT_EQ(power.codes[0], 42) << "exit code should be the value's upper 16 bits";
}

TEST_F(Finisher, Writing0x7777RequestsReset) {
  ASSERT_TRUE(finisher.write(0, 4, 0x7777));
  ASSERT_EQ(power.requests.size(), 1u);
  EXPECT_EQ(power.requests[0], FinisherRequest::reset);
}

TEST_F(Finisher, PassIgnoresTheUpperHalf) {
  ASSERT_TRUE(finisher.write(0, 4, 0x1234'5555));
  ASSERT_EQ(power.requests.size(), 1u);
  EXPECT_EQ(power.requests[0], FinisherRequest::pass);
}

TEST_F(Finisher, TwoByteStoreOfPassWorks) {
  ASSERT_TRUE(finisher.write(0, 2, 0x5555));
  EXPECT_EQ(power.requests.size(), 1u);
}

TEST_F(Finisher, OtherValuesAndOffsetsAreIgnored) {
  EXPECT_TRUE(finisher.write(0, 4, 0x1234));
  EXPECT_TRUE(finisher.write(4, 4, 0x5555));
  EXPECT_TRUE(power.requests.empty()) << "only offset 0 with a known status finishes";
}

TEST_F(Finisher, ReadsReturnZero) {
  EXPECT_EQ(finisher.read(0, 4), 0u);
  EXPECT_EQ(finisher.read(8, 2), 0u);
}

TEST_F(Finisher, ByteAndDoublewordAccessesFaultAsInQemu) {
  EXPECT_FALSE(finisher.read(0, 1).has_value());
  EXPECT_FALSE(finisher.read(0, 8).has_value());
  EXPECT_FALSE(finisher.write(0, 1, 0x55));
  EXPECT_FALSE(finisher.write(0, 8, 0x5555));
  EXPECT_FALSE(finisher.write(2, 4, 0x5555)) << "misaligned";
  EXPECT_TRUE(power.requests.empty());
}

}  // namespace
}  // namespace gh::devices::test
