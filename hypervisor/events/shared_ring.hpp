// The full-rate transport of the event stream on QEMU: memory the hypervisor shares with
// host tools (QEMU's ivshmem-plain device, backed by a host file that the tools map). It
// holds two byte rings that carry the same COBS frames as the event UART:
//  - the event ring (hypervisor -> host). The hypervisor moves whole frames only, so a
//    reader never sees frames of two vCPUs interleaved;
//  - the command ring (host -> hypervisor, the last 64 KiB): command frames from one
//    host tool at a time, read by the service hart.
//
// Layout (little-endian, at the start of the shared memory; SharedRingHeader is its one
// definition):
//   0    magic "GHEVRING" (written last by the hypervisor, once it has laid the rest out)
//   8    version (2)
//   16   event_data_offset, 24 event_data_size       (written once by the hypervisor)
//   32   command_data_offset, 40 command_data_size
//   64   event_head:   event bytes ever written (the hypervisor)
//   128  event_tail:   event bytes ever read (the host)
//   192  closed:       1 once the hypervisor has written its last frame (the machine stops)
//   256  command_head: command bytes ever written (the host)
//   320  command_tail: command bytes ever read (the hypervisor)
// Each counter has one writer; it is published with release and read with acquire.
// Neither side trusts the other: each keeps the layout and its own counters privately
// (the shared copies are for the other side) and bounds everything it reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace gh::events {

struct SharedRingHeader {
  uint64_t magic = 0;
  uint32_t version = 0;
  uint32_t reserved0 = 0;
  uint64_t event_data_offset = 0;
  uint64_t event_data_size = 0;
  uint64_t command_data_offset = 0;
  uint64_t command_data_size = 0;
  uint8_t reserved1[16] = {};
  uint64_t event_head = 0;
  uint8_t reserved2[56] = {};
  uint64_t event_tail = 0;
  uint8_t reserved3[56] = {};
  uint64_t closed = 0;
  uint8_t reserved4[56] = {};
  uint64_t command_head = 0;
  uint8_t reserved5[56] = {};
  uint64_t command_tail = 0;
  uint8_t reserved6[56] = {};
};
static_assert(sizeof(SharedRingHeader) == 384);
static_assert(offsetof(SharedRingHeader, version) == 8);
static_assert(offsetof(SharedRingHeader, event_data_offset) == 16);
static_assert(offsetof(SharedRingHeader, command_data_offset) == 32);
static_assert(offsetof(SharedRingHeader, event_head) == 64);
static_assert(offsetof(SharedRingHeader, event_tail) == 128);
static_assert(offsetof(SharedRingHeader, closed) == 192);
static_assert(offsetof(SharedRingHeader, command_head) == 256);
static_assert(offsetof(SharedRingHeader, command_tail) == 320);

inline constexpr uint64_t shared_ring_magic = 0x474E495256454847ull;  // "GHEVRING"
inline constexpr uint32_t shared_ring_version = 2;
inline constexpr uint64_t shared_ring_header_bytes = 4096;  // the event data starts here
inline constexpr uint64_t shared_command_ring_bytes = 64 * 1024;
inline constexpr uint64_t shared_event_ring_min_bytes = 4096;
inline constexpr uint64_t shared_ring_min_memory =
    shared_ring_header_bytes + shared_event_ring_min_bytes + shared_command_ring_bytes;

// Where each ring's bytes lie, as offsets from the start of the shared memory.
struct SharedRingLayout {
  uint64_t event_data_offset = 0;
  uint64_t event_data_size = 0;
  uint64_t command_data_offset = 0;
  uint64_t command_data_size = 0;
};

// The layout the hypervisor gives `memory_size` bytes; nothing when they are too few.
std::optional<SharedRingLayout> plan_shared_ring_layout(uint64_t memory_size);

// One direction, on the writing side: keeps its own count of bytes written (publishing it
// in `head`) and reads the reader's `tail` as untrusted.
class SharedRingWriter {
 public:
  SharedRingWriter(std::span<uint8_t> data, uint64_t& head, const uint64_t& tail);

  // Appends all of `bytes`, or nothing when they do not fit.
  [[nodiscard]] bool try_write(std::span<const uint8_t> bytes);
  // 0 while the reader's tail is impossible (ahead of the head, or a ring behind).
  [[nodiscard]] size_t free_space() const;

 private:
  std::span<uint8_t> data_;
  uint64_t* published_head_;
  const uint64_t* tail_;
  uint64_t head_;
};

// One direction, on the reading side: keeps its own count of bytes read (publishing it in
// `tail`) and reads the writer's `head` as untrusted.
class SharedRingReader {
 public:
  SharedRingReader(std::span<uint8_t> data, uint64_t& tail, const uint64_t& head);

  // Copies up to out.size() readable bytes out and consumes them. A head that claims more
  // than the ring holds (or lies behind the tail) is corrupt: the reader skips to it,
  // reads nothing this time and counts the resync.
  size_t read(std::span<uint8_t> out);
  [[nodiscard]] uint64_t resyncs() const { return resyncs_; }

 private:
  std::span<uint8_t> data_;
  uint64_t* published_tail_;
  const uint64_t* head_;
  uint64_t tail_;
  uint64_t resyncs_ = 0;
};

// The hypervisor's end: lays the memory out, writes event frames, reads command bytes.
// It never reads the layout back from the shared memory.
class SharedRingHypervisorEnd {
 public:
  // Lays out an empty pair of rings over `memory`; false (nothing written) if too small.
  bool initialize(std::span<uint8_t> memory);

  [[nodiscard]] bool try_write_events(std::span<const uint8_t> bytes);
  [[nodiscard]] size_t event_free_space() const;
  size_t read_commands(std::span<uint8_t> out);
  [[nodiscard]] uint64_t command_resyncs() const;
  // No more event frames will come.
  void close();

 private:
  std::optional<SharedRingWriter> events_;
  std::optional<SharedRingReader> commands_;
  uint64_t* closed_ = nullptr;
};

// A host tool's ends. Each is there once the hypervisor has laid the memory out as a ring
// of this version whose regions lie inside `memory`, apart from each other and from the
// header; nothing before that or for any other header.
std::optional<SharedRingLayout> read_shared_ring_layout(std::span<const uint8_t> memory);
std::optional<SharedRingReader> attach_event_reader(std::span<uint8_t> memory);
std::optional<SharedRingWriter> attach_command_writer(std::span<uint8_t> memory);
// True once the hypervisor has closed the event ring.
bool shared_ring_closed(std::span<const uint8_t> memory);

}  // namespace gh::events
