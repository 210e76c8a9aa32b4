// The Session rebuilds per-vCPU state, page tables and the memory map from the stream,
// the same way from a file, a socket or memory; and sends commands back.
#include "session.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "command_encoder.hpp"
#include "sample_stream.hpp"
#include "stream_decoder.hpp"

namespace gh::model {
namespace {

using namespace events;

std::unique_ptr<Session> sample_session(const events::test::Bytes& bytes) {
  auto session = std::make_unique<Session>(memory_source("sample", bytes));
  session->run_to_end();
  return session;
}

TEST(Session, RebuildsEachVcpusModePcStateAndCounters) {
  auto session = sample_session(events::test::sample_stream());
  const SessionState& state = session->state();
  ASSERT_TRUE(state.hello().has_value());
  EXPECT_EQ(state.hello()->vcpu_count, 2);
  EXPECT_EQ(state.hello()->timebase_hz, 10'000'000u);

  const VcpuView* vcpu0 = state.vcpu(0);
  ASSERT_NE(vcpu0, nullptr);
  EXPECT_EQ(vcpu0->mode, VirtualMode::supervisor);
  EXPECT_EQ(vcpu0->state, LifecycleState::halted);
  EXPECT_EQ(vcpu0->pc, 0x80201100u);
  EXPECT_EQ(vcpu0->traps, 2u);
  EXPECT_EQ(vcpu0->traps_by_cause.at(2), 1u);
  EXPECT_EQ(vcpu0->traps_by_handler.at(HandledBy::reflected), 1u);
  EXPECT_EQ(vcpu0->mode_changes, 1u);
  EXPECT_EQ(vcpu0->csrs.at(0x180), 0x8000000000080400u);
  ASSERT_TRUE(vcpu0->snapshot.has_value());
  EXPECT_EQ(vcpu0->snapshot->stvec, 0x80201000u);

  const VcpuView* vcpu1 = state.vcpu(1);
  ASSERT_NE(vcpu1, nullptr);
  EXPECT_EQ(vcpu1->state, LifecycleState::waiting);
  EXPECT_FALSE(vcpu1->gdb_stopped) << "stopped, then resumed";
  EXPECT_EQ(vcpu1->traps, 2u);
  EXPECT_EQ(vcpu1->dropped, 3u);
  EXPECT_EQ(vcpu1->missing, 0u) << "the drop record explains the gap";
  EXPECT_EQ(state.counters().dropped, 3u);
}

TEST(Session, RebuildsGuestAndShadowPageTablesFromDiffsAndDumps) {
  auto session = sample_session(events::test::sample_stream());
  const PageTableView* guest = session->state().page_table(PageTableKind::guest, 0x80400000);
  ASSERT_NE(guest, nullptr);
  ASSERT_EQ(guest->entries.size(), 2u);
  const PteView& leaf = guest->entries.at(0x80403008);
  EXPECT_EQ(leaf.level, 0);
  EXPECT_EQ(leaf.va, 0x1000u);
  EXPECT_EQ(leaf.pte, 0x200004dfu);
  const PageTableView* shadow = session->state().page_table(PageTableKind::shadow, 0x90000000);
  ASSERT_NE(shadow, nullptr);
  EXPECT_EQ(shadow->entries.at(0x90000000).pte, 0x24000c01u);
}

TEST(Session, AnInvalidatedPteLeavesTheTableAndADumpReplacesIt) {
  SessionState state;
  auto event = [](uint64_t t, Record record) {
    Event e;
    e.header.timestamp = t;
    e.record = record;
    return e;
  };
  state.apply(event(
      1, PageTableDiffRecord{.root = 0x1000, .va = 0, .pte_address = 0x1000, .new_pte = 0x401}));
  state.apply(
      event(2, PageTableDiffRecord{
                   .root = 0x1000, .va = 0x200000, .pte_address = 0x1008, .new_pte = 0x801}));
  state.apply(event(
      3, PageTableDiffRecord{
             .root = 0x1000, .va = 0, .pte_address = 0x1000, .old_pte = 0x401, .new_pte = 0}));
  const PageTableView* table = state.page_table(PageTableKind::guest, 0x1000);
  ASSERT_NE(table, nullptr);
  ASSERT_EQ(table->entries.size(), 1u);
  EXPECT_EQ(table->entries.begin()->first, 0x1008u);
  EXPECT_EQ(table->entries.begin()->second.changed_at, 2u);

  state.apply(event(
      4,
      PageTableEntryRecord{
          .request_id = 9, .root = 0x1000, .va = 0x400000, .pte_address = 0x1010, .pte = 0xc01}));
  ASSERT_EQ(table->entries.size(), 1u) << "the dump replaced what the diffs had built";
  EXPECT_EQ(table->entries.begin()->first, 0x1010u);
}

TEST(Session, KeepsTheMemoryMapTranslationsAndFinishedReplies) {
  auto session = sample_session(events::test::sample_stream());
  const auto& map = session->state().memory_map();
  ASSERT_EQ(map.size(), 2u);
  EXPECT_EQ(map.at(0x80000000).hpa, 0x88000000u);
  EXPECT_EQ(map.at(0x10000000).region, RegionKind::mmio);
  const auto& translation = session->state().translations().at(2);
  EXPECT_EQ(translation.gpa, 0x80001234u);
  EXPECT_EQ(translation.step_count, 3);
  EXPECT_EQ(session->state().finished_replies().at(3).record_count, 2u);
  EXPECT_EQ(session->log().size(), events::test::sample_frames().size());
}

TEST(Session, CountsWhatACorruptedStreamLost) {
  auto session = sample_session(events::test::corrupted_sample_stream());
  const SessionCounters& counters = session->state().counters();
  EXPECT_EQ(counters.missing, 2u);
  EXPECT_EQ(counters.corrupt_frames, 1u);
  EXPECT_GT(counters.skipped_bytes, 0u);
  EXPECT_EQ(session->state().vcpu(0)->missing, 2u);
  EXPECT_TRUE(session->ended());
}

TEST(Session, ReadsARecordedFileAndRecordsWhatItReads) {
  std::string in = ::testing::TempDir() + "/session_in.bin";
  std::string copy = ::testing::TempDir() + "/session_copy.bin";
  auto bytes = events::test::sample_stream();
  std::ofstream(in, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  auto opened = Session::open_file(in);
  ASSERT_TRUE(opened.session) << opened.error;
  Recorder recorder(copy);
  opened.session->record_to(&recorder);
  opened.session->run_to_end();
  recorder.flush();
  EXPECT_EQ(opened.session->log().size(), events::test::sample_frames().size());
  std::ifstream copied(copy, std::ios::binary);
  std::vector<uint8_t> back((std::istreambuf_iterator<char>(copied)), {});
  EXPECT_EQ(back, bytes);
  EXPECT_FALSE(opened.session->send(RequestMemoryMapCommand{}).has_value())
      << "a recording cannot take commands";
}

TEST(Session, ExplainsAMissingFileAndABadAddress) {
  auto missing = Session::open_file("/nonexistent/recording.bin");
  EXPECT_FALSE(missing.session);
  EXPECT_NE(missing.error.find("/nonexistent/recording.bin"), std::string::npos);
  auto bad = Session::connect("no-port-here");
  EXPECT_FALSE(bad.session);
  EXPECT_NE(bad.error.find("HOST:PORT"), std::string::npos);
}

TEST(CommandEncoder, CommandsDecodeWithTheirOwnSequence) {
  CommandEncoder encoder;
  auto first = encoder.encode(RequestTranslationCommand{.request_id = 5, .gva = 0x1234}, 1);
  auto second = encoder.encode(SetFilterCommand{.request_id = 6, .class_mask = 1});
  first.insert(first.end(), second.begin(), second.end());
  StreamDecoder decoder;
  std::vector<DecodedItem> items;
  decoder.feed(first, items);
  ASSERT_EQ(items.size(), 2u);
  auto& translate = std::get<Event>(items[0]);
  EXPECT_EQ(translate.header.vcpu, 1);
  EXPECT_EQ(std::get<RequestTranslationCommand>(translate.record).gva, 0x1234u);
  EXPECT_EQ(std::get<Event>(items[1]).header.vcpu, all_vcpus);
}

}  // namespace
}  // namespace gh::model
