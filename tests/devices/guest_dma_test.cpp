#include <gtest/gtest.h>

#include <array>

#include "fakes.hpp"

namespace gh::devices::test {
namespace {

TEST(GuestDma, CopiesUnalignedBytesBothWays) {
  GuestRam ram;
  const std::array<uint8_t, 11> data{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  ASSERT_TRUE(ram.dma.write(GuestRam::base + 0x103, data));
  std::array<uint8_t, 11> back{};
  ASSERT_TRUE(ram.dma.read(GuestRam::base + 0x103, back));
  EXPECT_EQ(back, data);
  EXPECT_EQ(ram.read_le(GuestRam::base + 0x103, 1), 1u);
  EXPECT_EQ(ram.read_le(GuestRam::base + 0x102, 1), 0u) << "the byte before is untouched";
}

TEST(GuestDma, LittleEndianFields) {
  GuestRam ram;
  ASSERT_TRUE(dma_write_le(ram.dma, GuestRam::base + 6, 4, 0xa1b2c3d4));
  EXPECT_EQ(ram.read_le(GuestRam::base + 6, 4), 0xa1b2c3d4u);
  EXPECT_EQ(dma_read_le(ram.dma, GuestRam::base + 6, 2), 0xc3d4u);
}

TEST(GuestDma, RangesLeavingRamAreRefusedWithoutTouchingHostMemory) {
  GuestRam ram;
  std::array<uint8_t, 16> buffer{};
  EXPECT_FALSE(ram.dma.read(GuestRam::base + GuestRam::size - 8, buffer)) << "runs off RAM's end";
  EXPECT_FALSE(ram.dma.write(GuestRam::mmio_gpa, buffer)) << "a device is not DMA memory";
  EXPECT_FALSE(ram.dma.read(0x1000, buffer)) << "a hole";
  EXPECT_FALSE(ram.dma.read(~0ull - 4, buffer)) << "wraps around";
  EXPECT_EQ(ram.host_accesses_outside, 0);
}

TEST(GuestDma, RamCheckCoversTheWholeRange) {
  GuestRam ram;
  EXPECT_TRUE(ram.dma.is_ram(GuestRam::base, GuestRam::size));
  EXPECT_FALSE(ram.dma.is_ram(GuestRam::base, GuestRam::size + 1));
  EXPECT_FALSE(ram.dma.is_ram(GuestRam::base + 8, ~0ull));
}

}  // namespace
}  // namespace gh::devices::test
