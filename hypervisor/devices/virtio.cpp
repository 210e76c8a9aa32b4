#include "devices/virtio.hpp"

#include "devices/guest_dma.hpp"

namespace gh::devices {

template <typename Copy>
bool SegmentCursor::advance(uint64_t bytes, Copy&& copy) {
  uint64_t done = 0;
  while (done < bytes) {
    if (index_ == segments_.size()) return false;
    const BufferSegment& segment = segments_[index_];
    const uint64_t left_in_segment = segment.length - offset_;
    const uint64_t piece = bytes - done < left_in_segment ? bytes - done : left_in_segment;
    if (!copy(segment.gpa + offset_, done, piece)) return false;
    done += piece;
    offset_ += piece;
    if (offset_ == segment.length) {
      ++index_;
      offset_ = 0;
    }
  }
  return true;
}

bool SegmentCursor::skip(uint64_t bytes) {
  return advance(bytes, [](uint64_t, uint64_t, uint64_t) { return true; });
}

bool SegmentCursor::copy_out(std::span<uint8_t> into) {
  return advance(into.size(), [&](uint64_t gpa, uint64_t done, uint64_t piece) {
    return memory_.read(gpa, into.subspan(done, piece));
  });
}

bool SegmentCursor::copy_in(std::span<const uint8_t> from) {
  return advance(from.size(), [&](uint64_t gpa, uint64_t done, uint64_t piece) {
    return memory_.write(gpa, from.subspan(done, piece));
  });
}

}  // namespace gh::devices
