#include "record.hpp"

namespace gh::model {
namespace {

template <typename R>
void decode_if_kind(const events::DecodedFrame& frame, std::optional<Record>& result) {
  if (result) return;
  if (auto record = frame.as<R>()) result = Record{*record};
}

template <typename... Records>
std::optional<Record> first_match(const events::DecodedFrame& frame,
                                  events::RecordList<Records...>) {
  std::optional<Record> result;
  (decode_if_kind<Records>(frame, result), ...);
  return result;
}

}  // namespace

std::optional<Record> record_of(const events::DecodedFrame& frame) {
  return first_match(frame, events::AllRecords{});
}

const char* problem_kind_name(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::corrupt_frame:
      return "corrupt_frame";
    case ProblemKind::joined_mid_stream:
      return "joined_mid_stream";
    case ProblemKind::sequence_gap:
      return "sequence_gap";
    case ProblemKind::sequence_restart:
      return "sequence_restart";
    case ProblemKind::truncated_end:
      return "truncated_end";
  }
  return "?";
}

}  // namespace gh::model
