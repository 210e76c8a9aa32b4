// The per-vCPU ring and stream: whole frames in, bytes out, drops counted and reported,
// filters applied, never blocking.
#include "events/event_ring.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "events/event_stream.hpp"
#include "stream_decoder.hpp"

namespace gh::events {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes drain(EventRing& ring) {
  Bytes out;
  std::array<uint8_t, 7> chunk{};  // odd size: reads cut frames anywhere
  while (size_t got = ring.read(chunk)) out.insert(out.end(), chunk.begin(), chunk.begin() + got);
  return out;
}

std::vector<model::DecodedItem> decode(const Bytes& bytes) {
  model::StreamDecoder decoder;
  std::vector<model::DecodedItem> items;
  decoder.feed(bytes, items);
  decoder.finish(items);
  return items;
}

TrapRecord a_trap(uint64_t pc) {
  return {.cause = 2,
          .pc = pc,
          .mode_before = VirtualMode::supervisor,
          .mode_after = VirtualMode::supervisor};
}

TEST(EventRing, WritesAllOrNothingAndWrapsAround) {
  StaticEventRing<10> storage;
  EventRing& ring = storage.ring();
  Bytes six = {1, 2, 3, 4, 5, 6};
  EXPECT_TRUE(ring.try_write(six));
  EXPECT_FALSE(ring.try_write(six)) << "only 4 bytes free";
  EXPECT_EQ(ring.free_space(), 4u);
  std::array<uint8_t, 4> out{};
  EXPECT_EQ(ring.read(out), 4u);
  EXPECT_TRUE(ring.try_write(six)) << "8 free now, and the write wraps";
  Bytes rest = drain(ring);
  EXPECT_EQ(rest, (Bytes{5, 6, 1, 2, 3, 4, 5, 6}));
}

TEST(EventRing, PeekShowsTheContiguousPartThenTheWrappedPart) {
  StaticEventRing<8> storage;
  EventRing& ring = storage.ring();
  ASSERT_TRUE(ring.try_write(Bytes{1, 2, 3, 4, 5, 6}));
  ring.consume(5);
  ASSERT_TRUE(ring.try_write(Bytes{7, 8, 9, 10}));
  EXPECT_EQ(ring.peek().size(), 3u);  // 6 7 8 up to the end of storage
  ring.consume(3);
  ASSERT_EQ(ring.peek().size(), 2u);
  EXPECT_EQ(ring.peek()[0], 9);
}

TEST(EventStream, NumbersFramesPerVcpuAndDecodesBack) {
  StaticEventRing<1024> storage;
  EventStream stream(4, storage.ring());
  EXPECT_EQ(stream.emit(100, a_trap(0x1000)), EmitResult::written);
  EXPECT_EQ(stream.emit(200, a_trap(0x2000)), EmitResult::written);
  auto items = decode(drain(storage.ring()));
  ASSERT_EQ(items.size(), 2u);
  auto& second = std::get<model::Event>(items[1]);
  EXPECT_EQ(second.header.vcpu, 4);
  EXPECT_EQ(second.header.sequence, 1u);
  EXPECT_EQ(second.header.timestamp, 200u);
  EXPECT_EQ(std::get<TrapRecord>(second.record).pc, 0x2000u);
}

TEST(EventStream, AFullRingDropsCountsAndReportsOnceThereIsRoomAgain) {
  StaticEventRing<128> storage;  // two trap frames (54 bytes each) fit
  EventStream stream(0, storage.ring());
  std::vector<EmitResult> results;
  for (int i = 0; i < 5; ++i) results.push_back(stream.emit(i, a_trap(0x1000 + i)));
  EXPECT_EQ(results,
            (std::vector<EmitResult>{EmitResult::written, EmitResult::written, EmitResult::dropped,
                                     EmitResult::dropped, EmitResult::dropped}));
  EXPECT_EQ(stream.total_dropped(), 3u);
  EXPECT_EQ(stream.pending_drops(), 3u);

  Bytes first = drain(storage.ring());
  EXPECT_EQ(stream.emit(10, a_trap(0x2000)), EmitResult::written);
  EXPECT_EQ(stream.pending_drops(), 0u);
  Bytes second = drain(storage.ring());
  first.insert(first.end(), second.begin(), second.end());

  auto items = decode(first);
  ASSERT_EQ(items.size(), 4u) << "2 traps, the drop record, the trap; no separate gap";
  auto& drop_event = std::get<model::Event>(items[2]);
  auto drops = std::get<DropCountRecord>(drop_event.record);
  EXPECT_EQ(drops.dropped, 3u);
  EXPECT_EQ(drops.first_lost_sequence, 2u);
  EXPECT_EQ(drops.total_dropped, 3u);
  EXPECT_EQ(drop_event.header.sequence, 5u) << "dropped events used up sequences 2..4";
  EXPECT_EQ(std::get<model::Event>(items[3]).header.sequence, 6u);
}

TEST(EventStream, FlushDropsReportsLossesWithoutANewEvent) {
  StaticEventRing<64> storage;
  EventStream stream(0, storage.ring());
  EXPECT_EQ(stream.emit(1, a_trap(0x1000)), EmitResult::written);
  EXPECT_EQ(stream.emit(2, a_trap(0x1000)), EmitResult::dropped);
  stream.flush_drops(3);
  EXPECT_EQ(stream.pending_drops(), 1u) << "still full";
  drain(storage.ring());
  stream.flush_drops(4);
  EXPECT_EQ(stream.pending_drops(), 0u);
  auto items = decode(drain(storage.ring()));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(std::get<DropCountRecord>(std::get<model::Event>(items[0]).record).dropped, 1u);
}

TEST(EventStream, FiltersByClassVcpuAndAddressWithoutUsingSequenceNumbers) {
  StaticEventRing<1024> storage;
  EventStream stream(2, storage.ring());
  stream.set_filter(EventFilter::from(
      SetFilterCommand{.class_mask = event_class::trap | event_class::guest_page_table,
                       .vcpu_mask = 0b100,
                       .address_begin = 0x80000000,
                       .address_end = 0x80001000}));
  EXPECT_EQ(stream.emit(1, a_trap(0x80000010)), EmitResult::written);
  EXPECT_EQ(stream.emit(2, a_trap(0x10)), EmitResult::filtered) << "pc and tval out of range";
  EXPECT_EQ(stream.emit(3, CsrWriteRecord{.pc = 0x80000010}), EmitResult::filtered);
  EXPECT_EQ(stream.emit(4, PageTableDiffRecord{.table = PageTableKind::shadow, .va = 0x80000000}),
            EmitResult::filtered);
  EXPECT_EQ(stream.emit(5, PageTableDiffRecord{.va = 0x80000000}), EmitResult::written);
  EXPECT_EQ(stream.emit(6, ReplyEndRecord{}), EmitResult::written) << "replies always pass";
  EXPECT_EQ(stream.next_sequence(), 3u);

  EventStream other(1, storage.ring());
  other.set_filter(stream.filter());
  EXPECT_EQ(other.emit(7, a_trap(0x80000010)), EmitResult::filtered) << "vCPU 1 not selected";
}

}  // namespace
}  // namespace gh::events
