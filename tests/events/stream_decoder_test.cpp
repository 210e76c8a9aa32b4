// The host decoder: resynchronises after garbage, joins mid-stream, finds gaps.
#include "stream_decoder.hpp"

#include <gtest/gtest.h>

#include "events/frame_codec.hpp"
#include "sample_stream.hpp"

namespace gh::model {
namespace {

using events::test::Bytes;

std::vector<DecodedItem> decode(const Bytes& bytes, size_t chunk = 1 << 20,
                                StreamDecoder* decoder_out = nullptr) {
  StreamDecoder local;
  StreamDecoder& decoder = decoder_out ? *decoder_out : local;
  std::vector<DecodedItem> items;
  for (size_t at = 0; at < bytes.size(); at += chunk) {
    size_t size = std::min(chunk, bytes.size() - at);
    decoder.feed(std::span<const uint8_t>(bytes).subspan(at, size), items);
  }
  decoder.finish(items);
  return items;
}

std::vector<Problem> problems(const std::vector<DecodedItem>& items) {
  std::vector<Problem> found;
  for (const auto& item : items) {
    if (auto* p = std::get_if<Problem>(&item)) found.push_back(*p);
  }
  return found;
}

size_t event_count(const std::vector<DecodedItem>& items) {
  return items.size() - problems(items).size();
}

TEST(StreamDecoder, TheCleanSampleDecodesWithoutProblemsInAnyChunking) {
  Bytes stream = events::test::sample_stream();
  size_t frames = events::test::sample_frames().size();
  for (size_t chunk : {1u, 3u, 64u, 100000u}) {
    auto items = decode(stream, chunk);
    EXPECT_TRUE(problems(items).empty()) << "chunk " << chunk;
    EXPECT_EQ(event_count(items), frames) << "chunk " << chunk;
  }
}

TEST(StreamDecoder, GarbageBetweenFramesIsReportedAndSkipped) {
  auto frames = events::test::sample_frames();
  Bytes stream = frames[0];
  Bytes garbage = {0x13, 0x37, 0xFF, 0x42, 0x00};
  stream.insert(stream.end(), garbage.begin(), garbage.end());
  stream.insert(stream.end(), frames[1].begin(), frames[1].end());
  StreamDecoder decoder;
  auto items = decode(stream, 1, &decoder);
  ASSERT_EQ(items.size(), 3u);
  auto problem = std::get<Problem>(items[1]);
  EXPECT_EQ(problem.kind, ProblemKind::corrupt_frame);
  EXPECT_EQ(problem.bytes, 5u);
  EXPECT_EQ(problem.stream_offset, frames[0].size());
  EXPECT_TRUE(std::holds_alternative<Event>(items[2])) << "the next frame decodes";
  EXPECT_EQ(decoder.stats().corrupt_frames, 1u);
}

TEST(StreamDecoder, AReaderThatJoinsMidFrameSaysSoAndThenFollows) {
  auto frames = events::test::sample_frames();
  Bytes stream(frames[2].begin() + 7, frames[2].end());
  stream.insert(stream.end(), frames[3].begin(), frames[3].end());
  auto items = decode(stream);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(std::get<Problem>(items[0]).kind, ProblemKind::joined_mid_stream);
  EXPECT_EQ(std::get<Problem>(items[0]).bytes, frames[2].size() - 7);
  EXPECT_EQ(std::get<Event>(items[1]).header.sequence, 3u);
}

TEST(StreamDecoder, AnOverlongRunWithoutDelimiterIsDiscarded) {
  Bytes stream(3000, 0x55);
  stream.push_back(0);
  auto frames = events::test::sample_frames();
  stream.insert(stream.end(), frames[0].begin(), frames[0].end());
  auto items = decode(stream);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(std::get<Problem>(items[0]).error, events::FrameError::too_long);
  EXPECT_EQ(std::get<Problem>(items[0]).bytes, 3001u);
}

TEST(StreamDecoder, AMissingFrameShowsAsAGapOnItsVcpu) {
  auto frames = events::test::sample_frames();
  Bytes stream;
  for (size_t i = 0; i < 6; ++i) {
    if (i != 2) stream.insert(stream.end(), frames[i].begin(), frames[i].end());
  }
  auto found = problems(decode(stream));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, ProblemKind::sequence_gap);
  EXPECT_EQ(found[0].vcpu, 0);
  EXPECT_EQ(found[0].expected_sequence, 2u);
  EXPECT_EQ(found[0].missing, 1u);
}

TEST(StreamDecoder, ASequenceGoingBackwardsIsARestartNotAGap) {
  auto frames = events::test::sample_frames();
  Bytes stream;
  for (size_t i : {0, 1, 2, 0}) stream.insert(stream.end(), frames[i].begin(), frames[i].end());
  auto found = problems(decode(stream));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, ProblemKind::sequence_restart);
}

TEST(StreamDecoder, TheCorruptedSampleReportsEachDamageAndKeepsTheRest) {
  StreamDecoder decoder;
  auto items = decode(events::test::corrupted_sample_stream(), 5, &decoder);
  std::vector<ProblemKind> kinds;
  for (const auto& p : problems(items)) kinds.push_back(p.kind);
  EXPECT_EQ(kinds,
            (std::vector<ProblemKind>{ProblemKind::joined_mid_stream, ProblemKind::sequence_gap,
                                      ProblemKind::corrupt_frame, ProblemKind::sequence_gap,
                                      ProblemKind::truncated_end}));
  size_t frames = events::test::sample_frames().size();
  EXPECT_EQ(event_count(items), frames - 5)
      << "lost: 2 at the start, 1 cut, 1 corrupt, 1 at the end";
  EXPECT_EQ(decoder.stats().missing_frames, 2u + 3u) << "2 gaps of 1 and vCPU 1's 3 drops";
}

}  // namespace
}  // namespace gh::model
