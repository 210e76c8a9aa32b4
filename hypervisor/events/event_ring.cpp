#include "events/event_ring.hpp"

#include "events/ring_counters.hpp"

namespace gh::events {
size_t EventRing::free_space() const {
  return storage_.size() - static_cast<size_t>(head_ - load_acquire(tail_));
}

bool EventRing::try_write(std::span<const uint8_t> bytes) {
  if (bytes.size() > free_space()) return false;
  size_t position = static_cast<size_t>(head_ % storage_.size());
  for (uint8_t byte : bytes) {
    storage_[position] = byte;
    if (++position == storage_.size()) position = 0;
  }
  store_release(head_, head_ + bytes.size());
  return true;
}

size_t EventRing::readable() const { return static_cast<size_t>(load_acquire(head_) - tail_); }

std::span<const uint8_t> EventRing::peek() const {
  size_t available = readable();
  size_t position = static_cast<size_t>(tail_ % storage_.size());
  size_t until_end = storage_.size() - position;
  return storage_.subspan(position, available < until_end ? available : until_end);
}

size_t EventRing::copy_frame(std::span<uint8_t> out) const {
  const size_t available = readable();
  for (size_t i = 0; i < available && i < out.size(); ++i) {
    out[i] = storage_[static_cast<size_t>((tail_ + i) % storage_.size())];
    if (out[i] == 0) return i + 1;
  }
  return 0;
}

void EventRing::consume(size_t count) {
  size_t available = readable();
  store_release(tail_, tail_ + (count < available ? count : available));
}

size_t EventRing::read(std::span<uint8_t> out) {
  size_t copied = 0;
  while (copied < out.size()) {
    auto chunk = peek();
    if (chunk.empty()) break;
    size_t take = chunk.size() < out.size() - copied ? chunk.size() : out.size() - copied;
    for (size_t i = 0; i < take; ++i) out[copied + i] = chunk[i];
    consume(take);
    copied += take;
  }
  return copied;
}

}  // namespace gh::events
