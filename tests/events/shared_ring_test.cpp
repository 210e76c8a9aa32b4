// The shared-memory transport ring: layout, wrap-around, full ring, hostile headers, and
// moving whole frames out of a vCPU ring.
#include "events/shared_ring.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "events/event_ring.hpp"

namespace gh::events {
namespace {

std::vector<uint8_t> bytes(std::initializer_list<uint8_t> list) { return list; }

TEST(SharedRing, NeedsInitializingBeforeAReaderTrustsIt) {
  std::vector<uint8_t> memory(8192);
  SharedRing ring(memory);
  EXPECT_FALSE(ring.valid());
  ASSERT_TRUE(ring.initialize());
  EXPECT_TRUE(ring.valid());
  EXPECT_EQ(ring.free_space(), 8192u - shared_ring_data_offset);
  EXPECT_FALSE(ring.closed());
  std::vector<uint8_t> tiny(4096);
  EXPECT_FALSE(SharedRing(tiny).initialize());
}

TEST(SharedRing, CarriesBytesInOrderAcrossTheWrap) {
  std::vector<uint8_t> memory(shared_ring_data_offset + 8);
  SharedRing writer(memory);
  ASSERT_TRUE(writer.initialize());
  SharedRing reader(memory);
  std::vector<uint8_t> out(8);
  ASSERT_TRUE(writer.try_write(bytes({1, 2, 3, 4, 5, 6})));
  EXPECT_FALSE(writer.try_write(bytes({7, 8, 9}))) << "all or nothing when full";
  ASSERT_EQ(reader.read(std::span(out).first(4)), 4u);
  ASSERT_TRUE(writer.try_write(bytes({7, 8, 9, 10, 11})));
  ASSERT_EQ(reader.read(out), 7u);
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.begin() + 7), bytes({5, 6, 7, 8, 9, 10, 11}));
  writer.close();
  EXPECT_TRUE(reader.closed());
}

TEST(SharedRing, ACorruptHeaderIsRefusedOrBounded) {
  std::vector<uint8_t> memory(shared_ring_data_offset + 64);
  SharedRing ring(memory);
  ASSERT_TRUE(ring.initialize());
  auto* header = reinterpret_cast<SharedRingHeader*>(memory.data());
  header->head = 1'000'000;  // claims far more than the ring holds
  std::vector<uint8_t> out(1000);
  EXPECT_EQ(ring.read(out), 64u);
  header->data_size = 1ull << 40;
  EXPECT_FALSE(ring.valid());
}

TEST(EventRingFrames, CopiesWholeFramesOnly) {
  std::vector<uint8_t> storage(16);
  EventRing ring(storage);
  std::vector<uint8_t> out(16);
  EXPECT_EQ(ring.copy_frame(out), 0u);
  ASSERT_TRUE(ring.try_write(bytes({9, 9, 9, 0, 7, 0})));
  ASSERT_EQ(ring.copy_frame(out), 4u);
  ring.consume(4);
  ASSERT_EQ(ring.copy_frame(out), 2u);
  EXPECT_EQ(ring.copy_frame(std::span(out).first(1)), 0u) << "does not fit";
}

}  // namespace
}  // namespace gh::events
