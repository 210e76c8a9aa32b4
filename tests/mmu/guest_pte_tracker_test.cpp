// The tracker of guest PTEs behind the shadows: lookups by span, per-space re-checks,
// reclaiming forgotten entries when it fills up.
#include "mmu/guest_pte_tracker.hpp"

#include <gtest/gtest.h>

#include "fake_machine.hpp"

namespace gh::mmu::test {
namespace {

constexpr uint64_t leaf_flags = pte::v | pte::r | pte::w;

class GuestPteTrackerTest : public ::testing::Test {
 protected:
  FakeMachine machine;
  GuestPteTracker tracker;
  const uint64_t pte_gpa = guest_ram_gpa + 0x8000;
};

TEST_F(GuestPteTrackerTest, TrackingTheSameSpanTwiceKeepsOneEntry) {
  ASSERT_EQ(tracker.track(1, pte_gpa, leaf_flags, 0x1000, 0), TrackResult::tracked);
  ASSERT_EQ(tracker.track(1, pte_gpa, leaf_flags | pte::a, 0x1000, 0), TrackResult::tracked);
  ASSERT_EQ(tracker.track(2, pte_gpa, leaf_flags, 0x1000, 0), TrackResult::tracked);
  EXPECT_EQ(tracker.size(), 2u);
  EXPECT_EQ(tracker.size_of(1), 1u);
  EXPECT_EQ(tracker.leaf_level(1, 0x1FFF), 0);
  EXPECT_FALSE(tracker.leaf_level(1, 0x2000).has_value());
}

TEST_F(GuestPteTrackerTest, ADifferentPteForTheSameSpanIsReportedStale) {
  ASSERT_EQ(tracker.track(0, pte_gpa, leaf_flags, 0x1000, 0), TrackResult::tracked);
  TrackedPte previous;
  EXPECT_EQ(tracker.track(0, pte_gpa + 8, leaf_flags, 0x1000, 0, nullptr, &previous),
            TrackResult::stale);
  EXPECT_EQ(previous.pte_gpa, pte_gpa);
  EXPECT_EQ(tracker.track(0, pte_gpa, leaf_flags | pte::x, 0x1000, 0), TrackResult::stale);
}

TEST_F(GuestPteTrackerTest, ChangesAreFoundPerSpace) {
  machine.write(pte_gpa, leaf_flags);
  machine.write(pte_gpa + 8, leaf_flags);
  ASSERT_EQ(tracker.track(0, pte_gpa, leaf_flags, 0x1000, 0), TrackResult::tracked);
  ASSERT_EQ(tracker.track(1, pte_gpa + 8, leaf_flags, 0x1000, 0), TrackResult::tracked);
  machine.write(pte_gpa + 8, 0);
  int seen = 0;
  EXPECT_EQ(tracker.for_each_change_in(0, machine.guest, [&](const ChangedPte&) { ++seen; }), 0u);
  EXPECT_EQ(tracker.for_each_change_in(1, machine.guest, [&](const ChangedPte&) { ++seen; }), 1u);
  EXPECT_EQ(seen, 1);
  EXPECT_EQ(tracker.size(), 1u);
}

TEST_F(GuestPteTrackerTest, ForgottenEntriesAreReclaimedWhenFull) {
  for (uint64_t round = 0; round < 3; ++round) {
    for (uint64_t page = 0; page < GuestPteTracker::capacity; ++page) {
      const uint64_t va = (round * GuestPteTracker::capacity + page) << 12;
      ASSERT_EQ(tracker.track(0, pte_gpa, leaf_flags, va, 0), TrackResult::tracked) << page;
      if (page % 2 == 0) tracker.forget_span(0, va, 0);
    }
    tracker.forget_space(0);
    EXPECT_EQ(tracker.size(), 0u);
  }
  ASSERT_EQ(tracker.track(3, pte_gpa, leaf_flags, 0x5000, 0), TrackResult::tracked);
  EXPECT_EQ(tracker.leaf_level(3, 0x5000), 0);
}

TEST_F(GuestPteTrackerTest, ForgettingASpanForgetsTheLevelsBelowIt) {
  ASSERT_EQ(tracker.track(0, pte_gpa, pte::v, 0, 1), TrackResult::tracked);
  ASSERT_EQ(tracker.track(0, pte_gpa + 8, leaf_flags, 0x3000, 0), TrackResult::tracked);
  ASSERT_EQ(tracker.track(0, pte_gpa + 16, leaf_flags, 0x20'0000, 0), TrackResult::tracked);
  tracker.forget_span(0, 0x1000, 1);
  EXPECT_EQ(tracker.size(), 1u);
  EXPECT_EQ(tracker.leaf_level(0, 0x20'0000), 0);
}

}  // namespace
}  // namespace gh::mmu::test
