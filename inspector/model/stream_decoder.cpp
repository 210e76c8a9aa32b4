#include "stream_decoder.hpp"

namespace gh::model {
namespace {

uint32_t sequence_key(const events::FrameHeader& header) {
  return (events::is_command(header.kind) ? 0x10000u : 0u) | header.vcpu;
}

// A drop record whose lost range ends right before it explains the gap in front of it.
bool gap_explained_by(const Event& event, uint32_t expected) {
  auto* drops = std::get_if<events::DropCountRecord>(&event.record);
  return drops && drops->first_lost_sequence == expected &&
         drops->first_lost_sequence + drops->dropped == event.header.sequence;
}

}  // namespace

void StreamDecoder::feed(std::span<const uint8_t> bytes, std::vector<DecodedItem>& out) {
  for (uint8_t byte : bytes) {
    if (reader_.pending_bytes() == 0 && byte != 0) frame_start_ = offset_;
    ++offset_;
    ++stats_.bytes;
    switch (reader_.push(byte)) {
      case events::FrameReader::Result::need_more:
        break;
      case events::FrameReader::Result::frame:
        on_frame(out);
        break;
      case events::FrameReader::Result::error:
        on_error(out);
        break;
    }
  }
}

void StreamDecoder::finish(std::vector<DecodedItem>& out) {
  if (reader_.pending_bytes() == 0) return;
  Problem problem{.kind = ProblemKind::truncated_end,
                  .bytes = reader_.pending_bytes(),
                  .stream_offset = frame_start_};
  stats_.skipped_bytes += problem.bytes;
  out.emplace_back(problem);
}

void StreamDecoder::on_frame(std::vector<DecodedItem>& out) {
  auto record = record_of(reader_.frame());
  if (!record) return;  // cannot happen: decode_frame checked the kind
  ++stats_.frames;
  seen_good_frame_ = true;
  Event event{.header = reader_.frame().header, .record = *record, .stream_offset = frame_start_};
  check_sequence(event, out);
  out.emplace_back(std::move(event));
}

void StreamDecoder::on_error(std::vector<DecodedItem>& out) {
  Problem problem{
      .kind = seen_good_frame_ ? ProblemKind::corrupt_frame : ProblemKind::joined_mid_stream,
      .error = reader_.error(),
      .bytes = reader_.discarded_bytes(),
      .stream_offset = frame_start_};
  if (seen_good_frame_) ++stats_.corrupt_frames;
  stats_.skipped_bytes += problem.bytes;
  out.emplace_back(problem);
}

void StreamDecoder::check_sequence(const Event& event, std::vector<DecodedItem>& out) {
  uint32_t key = sequence_key(event.header);
  uint32_t sequence = event.header.sequence;
  auto [slot, first_frame] = expected_.try_emplace(key, sequence);
  uint32_t expected = slot->second;
  slot->second = sequence + 1;
  if (first_frame || expected == sequence) return;
  uint32_t ahead = sequence - expected;
  Problem problem{.vcpu = event.header.vcpu,
                  .expected_sequence = expected,
                  .stream_offset = event.stream_offset};
  if (ahead >= 0x80000000u) {
    problem.kind = ProblemKind::sequence_restart;
    out.emplace_back(problem);
    return;
  }
  stats_.missing_frames += ahead;
  if (gap_explained_by(event, expected)) return;
  problem.kind = ProblemKind::sequence_gap;
  problem.missing = ahead;
  out.emplace_back(problem);
}

}  // namespace gh::model
