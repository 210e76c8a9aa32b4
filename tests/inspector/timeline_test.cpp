// The timeline's lanes: mode points from traps and mode changes, rules for satp writes
// and sfence.vma, bucketing into pixel columns, and next/previous event navigation.
#include "timeline.hpp"

#include <gtest/gtest.h>

#include "model_fixture.hpp"
#include "sample_stream.hpp"
#include "synthetic_stream.hpp"

namespace gh::inspector {
namespace {

using events::VirtualMode;

Lane lane_with_modes(std::vector<ModePoint> modes) {
  Lane lane;
  lane.modes = std::move(modes);
  return lane;
}

TEST(Timeline, BucketsTakeTheModeAtTheirMiddleAndFlagChanges) {
  const Lane lane = lane_with_modes(
      {{100, VirtualMode::machine}, {200, VirtualMode::supervisor}, {250, VirtualMode::user}});
  const auto buckets = bucket_modes(lane, 0, 400, 4);  // [0,100) [100,200) [200,300) [300,400)
  ASSERT_EQ(buckets.size(), 4u);
  EXPECT_FALSE(buckets[0].mode.has_value()) << "nothing known before the first point";
  EXPECT_EQ(buckets[1].mode, VirtualMode::machine);
  EXPECT_FALSE(buckets[1].mixed);
  EXPECT_EQ(buckets[2].mode, VirtualMode::user) << "the mode at t=250";
  EXPECT_TRUE(buckets[2].mixed) << "S then U inside one column";
  EXPECT_EQ(buckets[3].mode, VirtualMode::user);
}

TEST(Timeline, CountsMarksPerColumn) {
  const std::vector<TimedEvent> marks = {{5, 0}, {6, 1}, {15, 2}, {39, 3}, {40, 4}};
  EXPECT_EQ(bucket_counts(marks, 0, 40, 4), (std::vector<uint32_t>{2, 1, 0, 1}));
}

TEST(Timeline, SampleLanesHaveModesTrapsAndSatpRule) {
  InspectorModel model;
  test::load(model, events::test::sample_stream());
  const Lane* lane0 = model.timeline().lane(0);
  ASSERT_NE(lane0, nullptr);
  EXPECT_EQ(lane0->traps.size(), 2u);
  ASSERT_EQ(lane0->rules.size(), 1u);
  EXPECT_EQ(lane0->rules[0].kind, RuleKind::satp_write);
  EXPECT_EQ(lane0->mode_at(123456), VirtualMode::supervisor);
  EXPECT_EQ(lane0->mode_at(123500), VirtualMode::supervisor) << "after the ecall from U";
}

TEST(Timeline, NavigatesAVcpusEventsAndFindsTheNearest) {
  InspectorModel model;
  test::load(model, events::test::synthetic_stream({.events = 2000, .vcpus = 3}));
  const Lane& lane = *model.timeline().lane(2);
  const EventIndex first = lane.events.front().event;
  const auto second = next_event(lane, first);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(model.log().entry(*second).vcpu, 2);
  EXPECT_EQ(previous_event(lane, *second), first);
  EXPECT_FALSE(previous_event(lane, first).has_value());
  EXPECT_EQ(nearest_event(lane, lane.events[10].timestamp + 1), lane.events[10].event);
  EXPECT_EQ(next_event(lane, 0), first) << "from another vCPU's event";
}

TEST(Timeline, RecognisesSfenceVma) {
  EXPECT_TRUE(is_sfence_vma(0x12000073));   // sfence.vma zero, zero
  EXPECT_TRUE(is_sfence_vma(0x12b50073));   // sfence.vma a0, a1
  EXPECT_FALSE(is_sfence_vma(0x10200073));  // sret
}

}  // namespace
}  // namespace gh::inspector
