// The guest-physical memory map: RAM backed by host pages, MMIO routed to devices, holes.
#include "mmu/guest_memory_map.hpp"

#include <gtest/gtest.h>

namespace gh::mmu {
namespace {

TEST(GuestMemoryMap, RamIsBackedAtItsOwnHostAddress) {
  GuestMemoryMap map;
  ASSERT_EQ(map.add_ram(0x8000'0000, 0x800'0000, 0x9000'0000), MapStatus::ok);
  const RegionLookup where = map.lookup(0x8000'1234);
  EXPECT_EQ(where.kind, RegionKind::ram);
  EXPECT_EQ(where.hpa, 0x9000'1234u) << "guest RAM is not identity-mapped";
  EXPECT_EQ(where.offset, 0x1234u);
  EXPECT_EQ(map.lookup(0x8800'0000).kind, RegionKind::hole) << "one past the end of RAM";
  EXPECT_EQ(map.lookup(0x7FFF'FFFF).kind, RegionKind::hole);
}

TEST(GuestMemoryMap, MmioIsRoutedToItsDevice) {
  GuestMemoryMap map;
  ASSERT_EQ(map.add_mmio(0x1000'0000, 0x1000, 3), MapStatus::ok);
  ASSERT_EQ(map.add_mmio(0x1000'1000, 0x1000, 4), MapStatus::ok);
  const RegionLookup where = map.lookup(0x1000'1010);
  EXPECT_EQ(where.kind, RegionKind::mmio);
  EXPECT_EQ(where.device, 4);
  EXPECT_EQ(where.offset, 0x10u);
  EXPECT_EQ(where.hpa, 0u);
}

TEST(GuestMemoryMap, RejectsOverlapsMisalignmentAndWrapAround) {
  GuestMemoryMap map;
  ASSERT_EQ(map.add_ram(0x8000'0000, 0x10'0000, 0), MapStatus::ok);
  EXPECT_EQ(map.add_mmio(0x800F'F000, 0x2000, 1), MapStatus::overlaps_existing);
  EXPECT_EQ(map.add_mmio(0x1000'0100, 0x1000, 1), MapStatus::misaligned);
  EXPECT_EQ(map.add_ram(0x9000'0000, 0x1000, 0x123), MapStatus::misaligned);
  EXPECT_EQ(map.add_mmio(0x2000'0000, 0, 1), MapStatus::empty_region);
  EXPECT_EQ(map.add_mmio(0xFFFF'FFFF'FFFF'F000, 0x2000, 1), MapStatus::wraps_around);
  EXPECT_EQ(map.regions().size(), 1u);
}

TEST(GuestMemoryMap, HasAFixedNumberOfRegions) {
  GuestMemoryMap map;
  for (size_t region = 0; region < GuestMemoryMap::max_regions; ++region) {
    ASSERT_EQ(map.add_mmio(region * 0x1000, 0x1000, 1), MapStatus::ok);
  }
  EXPECT_EQ(map.add_mmio(0x100'0000, 0x1000, 1), MapStatus::table_full);
}

}  // namespace
}  // namespace gh::mmu
