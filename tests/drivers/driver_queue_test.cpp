// The driver's virtqueue bookkeeping, and what it does when the device writes nonsense
// into the used ring: it believes nothing it cannot check.
#include "drivers/driver_queue.hpp"

#include <gtest/gtest.h>

#include <memory>

using namespace gh::drivers;

namespace {

class DriverQueueTest : public ::testing::Test {
 protected:
  void SetUp() override { queue.init(*rings); }

  // The device's side: returns descriptor `id` with `length` bytes written.
  void device_returns(uint32_t id, uint32_t length) {
    rings->used.ring[rings->used.index % driver_queue_size] = {.id = id, .length = length};
    ++rings->used.index;
  }
  uint16_t available_id(uint16_t position) const {
    return rings->available.ring[position % driver_queue_size];
  }

  std::unique_ptr<DriverRings> rings = std::make_unique<DriverRings>();
  DriverQueue queue;
};

TEST_F(DriverQueueTest, StartsEmptyWithInterruptsOff) {
  EXPECT_EQ(rings->available.index, 0);
  EXPECT_EQ(rings->available.flags, gh::devices::virtio::ring::available_no_interrupt);
  EXPECT_EQ(queue.in_flight(), 0);
  EXPECT_FALSE(queue.take_used().has_value());
  EXPECT_FALSE(queue.broken());
}

TEST_F(DriverQueueTest, OfferFillsTheDescriptorAndPublishesIt) {
  ASSERT_TRUE(queue.offer(3, 0x1234'5000, 512, true));
  ASSERT_TRUE(queue.offer(5, 0x8000, 64, false));
  EXPECT_EQ(rings->available.index, 2);
  EXPECT_EQ(available_id(0), 3);
  EXPECT_EQ(available_id(1), 5);
  EXPECT_EQ(rings->descriptors[3].address, 0x1234'5000u);
  EXPECT_EQ(rings->descriptors[3].length, 512u);
  EXPECT_EQ(rings->descriptors[3].flags, gh::devices::virtio::ring::descriptor_write);
  EXPECT_EQ(rings->descriptors[5].flags, 0);
  EXPECT_EQ(queue.in_flight(), 2);
  EXPECT_TRUE(queue.in_flight(3));
  EXPECT_FALSE(queue.in_flight(4));
}

TEST_F(DriverQueueTest, RefusesAnIdInFlightOrOutOfRange) {
  ASSERT_TRUE(queue.offer(0, 0x1000, 16, true));
  EXPECT_FALSE(queue.offer(0, 0x2000, 16, true));
  EXPECT_FALSE(queue.offer(driver_queue_size, 0x2000, 16, true));
  EXPECT_EQ(rings->available.index, 1);
  EXPECT_FALSE(queue.broken());
}

TEST_F(DriverQueueTest, TakesUsedBuffersInOrderAndFreesTheirIds) {
  ASSERT_TRUE(queue.offer(1, 0x1000, 100, true));
  ASSERT_TRUE(queue.offer(2, 0x2000, 100, true));
  device_returns(2, 7);
  device_returns(1, 100);
  auto first = queue.take_used();
  auto second = queue.take_used();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->id, 2);
  EXPECT_EQ(first->length, 7u);
  EXPECT_EQ(second->id, 1);
  EXPECT_EQ(second->length, 100u);
  EXPECT_FALSE(queue.take_used().has_value());
  EXPECT_EQ(queue.in_flight(), 0);
  EXPECT_TRUE(queue.offer(2, 0x2000, 100, true));
}

// 16-bit ring indices wrap; the bookkeeping must not care.
TEST_F(DriverQueueTest, KeepsCountingAcrossTheIndexWrap) {
  for (uint32_t round = 0; round < 70000; ++round) {
    const uint16_t id = round % driver_queue_size;
    ASSERT_TRUE(queue.offer(id, 0x1000 + id, 32, true)) << "round " << round;
    device_returns(id, round % 33);
    auto used = queue.take_used();
    ASSERT_TRUE(used.has_value()) << "round " << round;
    ASSERT_EQ(used->id, id);
    ASSERT_EQ(used->length, round % 33);
  }
  EXPECT_EQ(rings->available.index, static_cast<uint16_t>(70000));
  EXPECT_FALSE(queue.broken());
}

TEST_F(DriverQueueTest, AUsedIndexAheadOfTheBuffersInFlightBreaksTheQueue) {
  ASSERT_TRUE(queue.offer(0, 0x1000, 64, true));
  rings->used.ring[0] = {.id = 0, .length = 1};
  rings->used.index = 2;  // two used entries, one buffer in flight
  EXPECT_FALSE(queue.take_used().has_value());
  EXPECT_EQ(queue.fault(), QueueFault::used_index_ahead);
  EXPECT_FALSE(queue.offer(1, 0x2000, 64, true)) << "a broken queue offers nothing more";
}

TEST_F(DriverQueueTest, AUsedIndexThatWentBackwardsBreaksTheQueue) {
  ASSERT_TRUE(queue.offer(0, 0x1000, 64, true));
  rings->used.index = 0xffff;  // reads as 65535 entries ahead
  EXPECT_FALSE(queue.take_used().has_value());
  EXPECT_EQ(queue.fault(), QueueFault::used_index_ahead);
}

TEST_F(DriverQueueTest, AnIdOutOfRangeBreaksTheQueue) {
  ASSERT_TRUE(queue.offer(0, 0x1000, 64, true));
  device_returns(driver_queue_size + 100, 1);
  EXPECT_FALSE(queue.take_used().has_value());
  EXPECT_EQ(queue.fault(), QueueFault::id_out_of_range);
}

TEST_F(DriverQueueTest, AnIdNeverOfferedOrReturnedTwiceBreaksTheQueue) {
  ASSERT_TRUE(queue.offer(0, 0x1000, 64, true));
  ASSERT_TRUE(queue.offer(1, 0x2000, 64, true));
  device_returns(0, 1);
  device_returns(0, 1);  // again
  EXPECT_TRUE(queue.take_used().has_value());
  EXPECT_FALSE(queue.take_used().has_value());
  EXPECT_EQ(queue.fault(), QueueFault::id_not_in_flight);
}

// The device could rewrite the descriptor's length too: the driver keeps its own copy.
TEST_F(DriverQueueTest, ALengthBeyondTheBufferBreaksTheQueue) {
  ASSERT_TRUE(queue.offer(4, 0x1000, 64, true));
  rings->descriptors[4].length = 1 << 20;
  device_returns(4, 65);
  EXPECT_FALSE(queue.take_used().has_value());
  EXPECT_EQ(queue.fault(), QueueFault::length_too_long);
  EXPECT_TRUE(queue.broken());
}

}  // namespace
