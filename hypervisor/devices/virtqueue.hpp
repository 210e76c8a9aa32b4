// A split virtqueue (virtio 1.1 section 2.6) as QEMU 7.2 walks it: the driver's
// descriptor table, available ring and used ring in guest memory, reached only through
// DmaMemory. Every protocol violation — a head or next index out of range, a zero-length
// or non-RAM buffer, a readable buffer after a writable one, a malformed indirect table,
// a chain longer than its table (a loop), more than max_chain_segments buffers, the
// available index running ahead by more than the queue size — makes pop() report an error,
// which the transport turns into "device needs reset" (QEMU's virtio_error).
#pragma once

#include <cstdint>

#include "devices/guest_dma.hpp"
#include "devices/virtio.hpp"

namespace gh::devices {

struct VirtqueueRings {
  uint16_t size = 0;  // number of descriptors; 0: the queue does not exist
  uint64_t descriptors = 0;
  uint64_t available = 0;
  uint64_t used = 0;
};

enum class PopResult : uint8_t { empty, chain, error };

class Virtqueue {
 public:
  void attach(DmaMemory& memory) { memory_ = &memory; }

  // Forgets the rings and the ring positions; `size` is the size after reset.
  void reset(uint16_t size);
  void set_size(uint16_t size) { rings_.size = size; }
  void set_rings(uint64_t descriptors, uint64_t available, uint64_t used);
  void set_features(uint64_t negotiated) { features_ = negotiated; }
  [[nodiscard]] const VirtqueueRings& rings() const { return rings_; }

  // True when the driver has placed the rings (QEMU processes nothing before that).
  [[nodiscard]] bool is_set_up() const { return rings_.size != 0 && rings_.descriptors != 0; }
  // True when all three rings lie in guest RAM.
  [[nodiscard]] bool rings_in_ram() const;

  // Takes the next available chain into `chain`.
  [[nodiscard]] PopResult pop(DescriptorChain& chain);
  // Returns a chain to the driver with `written` bytes written; false on a DMA failure.
  [[nodiscard]] bool push(uint16_t head, uint32_t written);
  // After a batch of pushes: whether the driver wants an interrupt for them (flags, or
  // used_event with VIRTIO_RING_F_EVENT_IDX, or always on empty with NOTIFY_ON_EMPTY).
  [[nodiscard]] bool interrupt_wanted();
  // With VIRTIO_RING_F_EVENT_IDX: asks to be notified at the next available entry.
  void publish_available_event();
  // Whether the driver has made entries available that pop() has not taken yet.
  [[nodiscard]] bool has_available() const;

  [[nodiscard]] uint16_t last_available_index() const { return last_available_; }
  [[nodiscard]] uint16_t used_index() const { return used_index_; }

 private:
  struct Descriptor {
    uint64_t address;
    uint32_t length;
    uint16_t flags;
    uint16_t next;
  };

  [[nodiscard]] bool read_descriptor(uint64_t table, uint16_t index, Descriptor& out) const;
  [[nodiscard]] bool add_segment(const Descriptor& descriptor, DescriptorChain& chain) const;
  [[nodiscard]] PopResult walk_chain(uint16_t head, DescriptorChain& chain) const;
  [[nodiscard]] bool available_index(uint16_t& index) const;
  [[nodiscard]] uint64_t ring_event_bytes() const;

  DmaMemory* memory_ = nullptr;
  VirtqueueRings rings_{};
  uint64_t features_ = 0;
  uint16_t last_available_ = 0;
  uint16_t used_index_ = 0;
  uint16_t signalled_used_ = 0;
  bool signalled_used_valid_ = false;
};

}  // namespace gh::devices
