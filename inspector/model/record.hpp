// A decoded record of any kind, and what a stream decoder hands out: events (a checked
// frame) and problems (corruption, gaps, a truncated end).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "events/frame_codec.hpp"
#include "events/wire_format.hpp"

namespace gh::model {

namespace detail {
template <typename List>
struct VariantOf;
template <typename... Records>
struct VariantOf<events::RecordList<Records...>> {
  using type = std::variant<Records...>;
};
}  // namespace detail

using Record = detail::VariantOf<events::AllRecords>::type;

// The record a checked frame carries (nullopt only for a kind this build does not know).
std::optional<Record> record_of(const events::DecodedFrame& frame);

struct Event {
  events::FrameHeader header;
  Record record;
  uint64_t stream_offset = 0;  // byte offset of the frame's first byte in the stream
};

enum class ProblemKind : uint8_t {
  corrupt_frame,      // bytes between two delimiters failed to decode (see error)
  joined_mid_stream,  // bytes before the first good frame: the reader joined late
  sequence_gap,       // frames of this vCPU are missing (lost in transport or dropped)
  sequence_restart,   // the sequence went backwards: the hypervisor restarted
  truncated_end,      // the stream ended inside a frame
};

struct Problem {
  ProblemKind kind = ProblemKind::corrupt_frame;
  events::FrameError error = events::FrameError::none;  // corrupt_frame
  uint64_t bytes = 0;                                   // bytes skipped
  uint16_t vcpu = 0;                                    // gaps and restarts
  uint32_t expected_sequence = 0;
  uint32_t missing = 0;  // sequence_gap: frames lost
  uint64_t stream_offset = 0;
};

using DecodedItem = std::variant<Event, Problem>;

const char* problem_kind_name(ProblemKind kind);

}  // namespace gh::model
