// A single-producer single-consumer byte ring of encoded frames, one per vCPU: the vCPU
// writes whole frames, the transport pump (UART or shared memory) reads bytes. Writing
// never blocks: a frame that does not fit is refused and the caller counts it dropped.
// Lock-free: the producer owns `head`, the consumer owns `tail`; both are published with
// acquire/release atomics, so producer and consumer may run on different harts.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace gh::events {

class EventRing {
 public:
  // The ring uses `storage` (any size >= 1) for its whole life.
  explicit EventRing(std::span<uint8_t> storage) : storage_(storage) {}
  EventRing(const EventRing&) = delete;
  EventRing& operator=(const EventRing&) = delete;

  // Producer: appends all of `bytes`, or nothing when they do not fit.
  [[nodiscard]] bool try_write(std::span<const uint8_t> bytes);
  [[nodiscard]] size_t free_space() const;

  // Consumer: the readable bytes that lie contiguously at the read position (call again
  // after consume() for the part that wrapped around).
  [[nodiscard]] std::span<const uint8_t> peek() const;
  void consume(size_t count);
  // Consumer: copies the next whole frame (through its 0 delimiter) into `out` without
  // consuming it; 0 when there is none or it does not fit.
  [[nodiscard]] size_t copy_frame(std::span<uint8_t> out) const;
  // Consumer: copies up to out.size() bytes out and consumes them.
  size_t read(std::span<uint8_t> out);
  [[nodiscard]] size_t readable() const;

  [[nodiscard]] size_t capacity() const { return storage_.size(); }

 private:
  std::span<uint8_t> storage_;
  uint64_t head_ = 0;  // total bytes ever written (producer)
  uint64_t tail_ = 0;  // total bytes ever read (consumer)
};

// A ring together with its storage, for static allocation per vCPU.
template <size_t capacity_bytes>
class StaticEventRing {
 public:
  EventRing& ring() { return ring_; }

 private:
  std::array<uint8_t, capacity_bytes> storage_{};
  EventRing ring_{storage_};
};

}  // namespace gh::events
