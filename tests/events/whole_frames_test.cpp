// The relay's cut: only whole frames (up to the last 0x00) go to a client.
#include "whole_frames.hpp"

#include <gtest/gtest.h>

namespace gh::model {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(WholeFrames, HoldsBackAFrameUntilItsDelimiterComes) {
  WholeFrames cut;
  EXPECT_EQ(cut.add(Bytes{1, 2}), Bytes{});
  EXPECT_EQ(cut.held(), 2u);
  EXPECT_EQ(cut.add(Bytes{3, 0, 4, 0, 5}), (Bytes{1, 2, 3, 0, 4, 0}));
  EXPECT_EQ(cut.held(), 1u);
  EXPECT_EQ(cut.add(Bytes{0}), (Bytes{5, 0}));
  EXPECT_EQ(cut.held(), 0u);
  EXPECT_EQ(cut.add(Bytes{}), Bytes{});
}

TEST(WholeFrames, CountsFramesByTheirDelimiters) {
  EXPECT_EQ(count_frames(Bytes{1, 0, 2, 3, 0}), 2u);
  EXPECT_EQ(count_frames(Bytes{1, 2}), 0u);
}

}  // namespace
}  // namespace gh::model
