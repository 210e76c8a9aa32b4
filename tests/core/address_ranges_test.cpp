#include "core/address_ranges.hpp"

#include <gtest/gtest.h>

using namespace gh::core;

TEST(AddressRangeAllocator, ReservationsSplitFreeMemory) {
  AddressRangeAllocator a;
  ASSERT_TRUE(a.add_free({0x80000000, 0x10000000}));
  ASSERT_TRUE(a.reserve({0x80000000, 0x200000}));
  ASSERT_TRUE(a.reserve({0x84000000, 0x1000}));
  EXPECT_EQ(a.count(), 2u);
  EXPECT_EQ(a.range(0).base, 0x80200000u);
  EXPECT_EQ(a.range(0).end(), 0x84000000u);
  EXPECT_EQ(a.range(1).base, 0x84001000u);
  EXPECT_EQ(a.free_bytes(), 0x10000000u - 0x200000u - 0x1000u);
}

TEST(AddressRangeAllocator, AllocatesAlignedBlocksThatNeverOverlapReservations) {
  AddressRangeAllocator a;
  ASSERT_TRUE(a.add_free({0x80000000, 0x10000000}));
  ASSERT_TRUE(a.reserve({0x8F000000, 0x1000}));  // e.g. the device tree near the top
  auto high = a.allocate_high(0x2000000, 0x200000);
  ASSERT_TRUE(high.has_value());
  EXPECT_EQ(*high % 0x200000, 0u);
  EXPECT_FALSE(AddressRange({*high, 0x2000000}).overlaps({0x8F000000, 0x1000}));
  auto low = a.allocate(0x1000, 0x1000);
  ASSERT_TRUE(low.has_value());
  EXPECT_EQ(*low, 0x80000000u);
  EXPECT_FALSE(a.allocate(0x20000000, 0x1000).has_value());
}
