// The shared-memory transport: the layout, both rings (events to the host, commands to the
// hypervisor) across their wrap, full rings, hostile headers on either side, and moving
// whole frames out of a vCPU ring.
#include "events/shared_ring.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "events/event_ring.hpp"

namespace gh::events {
namespace {

std::vector<uint8_t> bytes(std::initializer_list<uint8_t> list) { return list; }

std::vector<uint8_t> pattern(size_t size, uint8_t seed) {
  std::vector<uint8_t> out(size);
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<uint8_t>(seed + i * 7);
  return out;
}

SharedRingHeader& header_in(std::vector<uint8_t>& memory) {
  return *reinterpret_cast<SharedRingHeader*>(memory.data());
}

// Reads everything readable, in chunks of `chunk` bytes.
std::vector<uint8_t> drain(SharedRingReader& reader, size_t chunk = 1000) {
  std::vector<uint8_t> all, buffer(chunk);
  while (const size_t got = reader.read(buffer))
    all.insert(all.end(), buffer.begin(), buffer.begin() + got);
  return all;
}

TEST(SharedRing, IsLaidOutBeforeAHostTrustsIt) {
  std::vector<uint8_t> memory(256 * 1024);
  EXPECT_FALSE(attach_event_reader(memory)) << "zeroed memory is no ring";
  EXPECT_FALSE(attach_command_writer(memory));
  SharedRingHypervisorEnd hypervisor;
  ASSERT_TRUE(hypervisor.initialize(memory));
  const auto layout = read_shared_ring_layout(memory);
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->event_data_offset, shared_ring_header_bytes);
  EXPECT_EQ(layout->command_data_offset, memory.size() - shared_command_ring_bytes);
  EXPECT_EQ(layout->command_data_size, shared_command_ring_bytes);
  EXPECT_EQ(layout->event_data_offset + layout->event_data_size, layout->command_data_offset);
  EXPECT_EQ(hypervisor.event_free_space(), layout->event_data_size);
  EXPECT_EQ(header_in(memory).version, 2u);
  EXPECT_TRUE(attach_event_reader(memory));
  EXPECT_TRUE(attach_command_writer(memory));
  EXPECT_FALSE(shared_ring_closed(memory));
  hypervisor.close();
  EXPECT_TRUE(shared_ring_closed(memory));
}

TEST(SharedRing, TooLittleMemoryIsRefusedUntouched) {
  std::vector<uint8_t> memory(shared_ring_min_memory - 1, 0xAB);
  SharedRingHypervisorEnd hypervisor;
  EXPECT_FALSE(hypervisor.initialize(memory));
  EXPECT_TRUE(std::all_of(memory.begin(), memory.end(), [](uint8_t b) { return b == 0xAB; }));
  EXPECT_FALSE(hypervisor.try_write_events(bytes({1})));
  std::vector<uint8_t> out(8);
  EXPECT_EQ(hypervisor.read_commands(out), 0u);
}

TEST(SharedRing, CarriesEventsInOrderAcrossTheWrap) {
  std::vector<uint8_t> memory(shared_ring_min_memory);  // a 4 KiB event ring
  SharedRingHypervisorEnd hypervisor;
  ASSERT_TRUE(hypervisor.initialize(memory));
  auto host = attach_event_reader(memory);
  ASSERT_TRUE(host);
  const auto first = pattern(3000, 1), second = pattern(3000, 2);
  ASSERT_TRUE(hypervisor.try_write_events(first));
  EXPECT_FALSE(hypervisor.try_write_events(second)) << "all or nothing when full";
  std::vector<uint8_t> out(2000);
  ASSERT_EQ(host->read(out), 2000u);
  ASSERT_TRUE(hypervisor.try_write_events(second));
  std::vector<uint8_t> expected(first.begin() + 2000, first.end());
  expected.insert(expected.end(), second.begin(), second.end());
  EXPECT_EQ(drain(*host), expected);
}

TEST(SharedRing, CarriesCommandsInOrderAcrossTheWrap) {
  std::vector<uint8_t> memory(shared_ring_min_memory);
  SharedRingHypervisorEnd hypervisor;
  ASSERT_TRUE(hypervisor.initialize(memory));
  auto host = attach_command_writer(memory);
  ASSERT_TRUE(host);
  std::vector<uint8_t> received, buffer(256);
  for (uint8_t round = 0; round < 5; ++round) {  // 5 x 40 000 bytes through a 64 KiB ring
    const auto sent = pattern(40000, round);
    ASSERT_TRUE(host->try_write(sent)) << "round " << int(round);
    EXPECT_FALSE(host->try_write(pattern(shared_command_ring_bytes - 40000 + 1, 0)))
        << "a write that does not fit leaves the ring as it was";
    received.clear();
    while (const size_t got = hypervisor.read_commands(buffer)) {
      received.insert(received.end(), buffer.begin(), buffer.begin() + got);
    }
    EXPECT_EQ(received, sent) << "round " << int(round);
  }
  EXPECT_EQ(hypervisor.command_resyncs(), 0u);
}

TEST(SharedRing, AHostToolAttachingLaterContinuesWhereTheLastOneStopped) {
  std::vector<uint8_t> memory(shared_ring_min_memory);
  SharedRingHypervisorEnd hypervisor;
  ASSERT_TRUE(hypervisor.initialize(memory));
  ASSERT_TRUE(attach_command_writer(memory)->try_write(bytes({1, 2, 3})));
  ASSERT_TRUE(attach_command_writer(memory)->try_write(bytes({4, 5})));
  std::vector<uint8_t> out(8);
  ASSERT_EQ(hypervisor.read_commands(out), 5u);
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.begin() + 5), bytes({1, 2, 3, 4, 5}));
  ASSERT_TRUE(hypervisor.try_write_events(bytes({9, 8, 7})));
  ASSERT_EQ(attach_event_reader(memory)->read(std::span(out).first(1)), 1u);
  auto later_reader = attach_event_reader(memory);
  EXPECT_EQ(drain(*later_reader), bytes({8, 7}));
}

// The hypervisor's end over memory with guard bytes around it: whatever the host writes
// into the header, the hypervisor reads and writes only its own rings.
class HostileHost : public testing::Test {
 protected:
  static constexpr size_t guard = 4096;
  HostileHost() : all_(guard + shared_ring_min_memory + guard, 0x5A) {
    std::fill(all_.begin() + guard, all_.end() - guard, 0);
    EXPECT_TRUE(hypervisor_.initialize(memory()));
  }
  std::span<uint8_t> memory() { return std::span(all_).subspan(guard, shared_ring_min_memory); }
  SharedRingHeader& header() { return *reinterpret_cast<SharedRingHeader*>(memory().data()); }
  bool guards_intact() const {
    auto intact = [](auto begin, auto end) {
      return std::all_of(begin, end, [](uint8_t b) { return b == 0x5A; });
    };
    return intact(all_.begin(), all_.begin() + guard) && intact(all_.end() - guard, all_.end());
  }

  std::vector<uint8_t> all_;
  SharedRingHypervisorEnd hypervisor_;
};

TEST_F(HostileHost, ALayoutRewrittenByTheHostIsNeverReadBack) {
  header().event_data_offset = ~0ull - 8;
  header().event_data_size = 1ull << 40;
  header().command_data_offset = 0;
  header().command_data_size = ~0ull;
  header().magic = 0;
  const auto frame = pattern(1000, 3);
  for (int i = 0; i < 20; ++i) {  // 20 000 bytes through the 4 KiB event ring
    ASSERT_TRUE(hypervisor_.try_write_events(frame));
    header().event_tail = header().event_head;  // a host that keeps up
  }
  std::vector<uint8_t> out(512);
  EXPECT_EQ(hypervisor_.read_commands(out), 0u);
  EXPECT_TRUE(guards_intact());
  const auto data_begin = memory().begin() + shared_ring_header_bytes;
  EXPECT_TRUE(std::all_of(memory().begin() + sizeof(SharedRingHeader), data_begin, [](uint8_t b) {
    return b == 0;
  })) << "nothing written between the header and the event data";
}

TEST_F(HostileHost, AnImpossibleCommandHeadIsSkippedNotRead) {
  std::vector<uint8_t> out(512);
  header().command_head = 1'000'000;  // more than the 64 KiB ring can hold
  EXPECT_EQ(hypervisor_.read_commands(out), 0u);
  EXPECT_EQ(hypervisor_.command_resyncs(), 1u);
  EXPECT_EQ(header().command_tail, 1'000'000u) << "the reader resumes at the host's head";
  header().command_head = 5;  // behind the tail
  EXPECT_EQ(hypervisor_.read_commands(out), 0u);
  EXPECT_EQ(hypervisor_.command_resyncs(), 2u);
  auto host = attach_command_writer(memory());
  ASSERT_TRUE(host);
  ASSERT_TRUE(host->try_write(bytes({7, 0})));
  ASSERT_EQ(hypervisor_.read_commands(out), 2u) << "the ring works again afterwards";
  EXPECT_EQ(out[0], 7);
  EXPECT_TRUE(guards_intact());
}

TEST_F(HostileHost, ACommandTailRewrittenByTheHostIsNotTrusted) {
  auto host = attach_command_writer(memory());
  ASSERT_TRUE(host->try_write(bytes({1, 2, 3, 0})));
  header().command_tail = 1ull << 50;  // the hypervisor keeps its own count
  std::vector<uint8_t> out(16);
  ASSERT_EQ(hypervisor_.read_commands(out), 4u);
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.begin() + 4), bytes({1, 2, 3, 0}));
}

TEST_F(HostileHost, AnImpossibleEventTailStopsTheWriterInsideItsRing) {
  header().event_tail = 1'000'000;  // ahead of everything written
  EXPECT_EQ(hypervisor_.event_free_space(), 0u);
  EXPECT_FALSE(hypervisor_.try_write_events(bytes({1, 2, 3})));
  header().event_head = 1ull << 60;  // the hypervisor keeps its own head too
  header().event_tail = 0;
  EXPECT_TRUE(hypervisor_.try_write_events(bytes({1, 2, 3})));
  EXPECT_EQ(memory()[shared_ring_header_bytes], 1) << "written at its own head, 0";
  EXPECT_EQ(header().event_head, 3u);
  EXPECT_TRUE(guards_intact());
}

// What a host tool accepts: each corruption of a laid-out header is refused.
TEST(SharedRing, AHostRefusesCorruptLayouts) {
  struct Corruption {
    const char* what;
    void (*apply)(SharedRingHeader&);
  };
  const Corruption corruptions[] = {
      {"magic", [](SharedRingHeader& h) { h.magic ^= 1; }},
      {"version 1", [](SharedRingHeader& h) { h.version = 1; }},
      {"events over the header", [](SharedRingHeader& h) { h.event_data_offset = 8; }},
      {"empty event ring", [](SharedRingHeader& h) { h.event_data_size = 0; }},
      {"events past the end", [](SharedRingHeader& h) { h.event_data_size += 1; }},
      {"offset past the end", [](SharedRingHeader& h) { h.command_data_offset = 1ull << 40; }},
      {"offset + size wraps",
       [](SharedRingHeader& h) {
         h.command_data_offset = ~0ull - 16;
         h.command_data_size = 64;
       }},
      {"rings overlap", [](SharedRingHeader& h) { h.command_data_offset -= 1; }},
      {"commands over the events",
       [](SharedRingHeader& h) { h.command_data_offset = h.event_data_offset; }},
  };
  for (const Corruption& corruption : corruptions) {
    std::vector<uint8_t> memory(shared_ring_min_memory);
    SharedRingHypervisorEnd hypervisor;
    ASSERT_TRUE(hypervisor.initialize(memory));
    corruption.apply(header_in(memory));
    EXPECT_FALSE(read_shared_ring_layout(memory)) << corruption.what;
    EXPECT_FALSE(attach_event_reader(memory)) << corruption.what;
    EXPECT_FALSE(attach_command_writer(memory)) << corruption.what;
  }
  std::vector<uint8_t> tiny(100);
  EXPECT_FALSE(read_shared_ring_layout(tiny));
  EXPECT_FALSE(shared_ring_closed(tiny));
}

TEST(SharedRing, AHostReaderSkipsAnImpossibleEventHead) {
  std::vector<uint8_t> memory(shared_ring_min_memory);
  SharedRingHypervisorEnd hypervisor;
  ASSERT_TRUE(hypervisor.initialize(memory));
  auto host = attach_event_reader(memory);
  header_in(memory).event_head = 1'000'000;  // claims far more than the ring holds
  std::vector<uint8_t> out(1000);
  EXPECT_EQ(host->read(out), 0u);
  EXPECT_EQ(host->resyncs(), 1u);
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
