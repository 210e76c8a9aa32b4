// The full-rate transport of the event stream on QEMU: a byte ring in memory the
// hypervisor shares with host tools (QEMU's ivshmem-plain device, backed by a host file
// that the tools map). It carries the same COBS frames as the UART; the hypervisor moves
// whole frames only, so a reader never sees frames of two vCPUs interleaved.
//
// Layout (little-endian, at the start of the shared memory; the data follows at
// `data_offset` and fills the rest):
//   0    magic "GHEVRING" (written last by the hypervisor when it starts)
//   8    version (1), 12 data_offset, 16 data_size
//   64   head: bytes ever written (the hypervisor)
//   128  tail: bytes ever read (the host reader)
//   192  closed: 1 once the hypervisor has written its last frame (the machine stops)
// One producer, one consumer, acquire/release on head and tail.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace gh::events {

struct SharedRingHeader {
  uint64_t magic = 0;
  uint32_t version = 0;
  uint32_t data_offset = 0;
  uint64_t data_size = 0;
  uint8_t reserved0[40] = {};
  uint64_t head = 0;
  uint8_t reserved1[56] = {};
  uint64_t tail = 0;
  uint8_t reserved2[56] = {};
  uint64_t closed = 0;
  uint8_t reserved3[56] = {};
};
static_assert(sizeof(SharedRingHeader) == 256);
static_assert(offsetof(SharedRingHeader, head) == 64);
static_assert(offsetof(SharedRingHeader, tail) == 128);
static_assert(offsetof(SharedRingHeader, closed) == 192);

inline constexpr uint64_t shared_ring_magic = 0x474E495256454847ull;  // "GHEVRING"
inline constexpr uint32_t shared_ring_version = 1;
inline constexpr uint32_t shared_ring_data_offset = 4096;

// A view of a shared ring in `memory` (which both sides map).
class SharedRing {
 public:
  explicit SharedRing(std::span<uint8_t> memory) : memory_(memory) {}

  // Producer: lays out an empty ring over the whole memory; false if it is too small.
  bool initialize();
  // Consumer: true once the producer has initialized the memory and the layout fits it.
  [[nodiscard]] bool valid() const;

  // Producer: appends all of `bytes`, or nothing when they do not fit.
  [[nodiscard]] bool try_write(std::span<const uint8_t> bytes);
  [[nodiscard]] size_t free_space() const;
  // Producer: no more frames will come.
  void close();

  // Consumer: copies up to out.size() readable bytes out and consumes them.
  size_t read(std::span<uint8_t> out);
  [[nodiscard]] bool closed() const;

 private:
  [[nodiscard]] SharedRingHeader& header() const;
  [[nodiscard]] std::span<uint8_t> data() const;

  std::span<uint8_t> memory_;
};

}  // namespace gh::events
