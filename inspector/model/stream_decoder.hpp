// Bytes in, events and problems out. Resynchronises at the next frame delimiter after
// any corruption and reports what it skipped; detects gaps from per-vCPU sequence
// numbers (a gap that a drop-count record accounts for is not reported twice).
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "events/frame_codec.hpp"
#include "record.hpp"

namespace gh::model {

struct DecoderStats {
  uint64_t bytes = 0;
  uint64_t frames = 0;
  uint64_t corrupt_frames = 0;
  uint64_t skipped_bytes = 0;
  uint64_t missing_frames = 0;  // sum of sequence gaps (including explained ones)
};

class StreamDecoder {
 public:
  // Decodes `bytes`, appending what they complete to `out`.
  void feed(std::span<const uint8_t> bytes, std::vector<DecodedItem>& out);
  // The stream ended: reports a frame left unfinished.
  void finish(std::vector<DecodedItem>& out);

  [[nodiscard]] const DecoderStats& stats() const { return stats_; }

 private:
  void on_frame(std::vector<DecodedItem>& out);
  void on_error(std::vector<DecodedItem>& out);
  void check_sequence(const Event& event, std::vector<DecodedItem>& out);

  events::FrameReader reader_;
  DecoderStats stats_;
  uint64_t offset_ = 0;       // stream offset of the next byte
  uint64_t frame_start_ = 0;  // stream offset where the current frame began
  bool seen_good_frame_ = false;
  // Next expected sequence, per (direction, vCPU): commands count separately.
  std::map<uint32_t, uint32_t> expected_;
};

}  // namespace gh::model
