// The driver's side of a split virtqueue (virtio 1.1 section 2.6), in memory of the
// hypervisor's own: every buffer is one descriptor (no chains, no indirect tables) whose
// id the caller chooses (buffer i of the caller is descriptor i), and
// whatever the device writes to the used ring is checked before it is believed. A used
// index that runs ahead by more than the queue size, an id out of range or not in flight,
// or a length beyond what the buffer holds marks the queue broken: it then offers and
// takes nothing more, and the caller gives up on the device.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "devices/virtio.hpp"

namespace gh::drivers {

inline constexpr uint16_t driver_queue_size = 8;

struct VirtqDescriptor {
  uint64_t address;
  uint32_t length;
  uint16_t flags;
  uint16_t next;
};
static_assert(sizeof(VirtqDescriptor) == devices::virtio::ring::descriptor_size);

struct VirtqUsedElement {
  uint32_t id;
  uint32_t length;
};
static_assert(sizeof(VirtqUsedElement) == devices::virtio::ring::used_element_size);

// The three parts of one queue with the alignment the spec asks (16, 2 and 4 bytes).
struct DriverRings {
  struct Available {
    uint16_t flags;
    uint16_t index;
    std::array<uint16_t, driver_queue_size> ring;
    uint16_t used_event;
  };
  struct Used {
    uint16_t flags;
    uint16_t index;
    std::array<VirtqUsedElement, driver_queue_size> ring;
    uint16_t available_event;
  };
  alignas(16) std::array<VirtqDescriptor, driver_queue_size> descriptors;
  alignas(16) Available available;
  alignas(16) Used used;
};
static_assert(sizeof(DriverRings::Available) ==
              devices::virtio::ring::header_bytes + 2 * driver_queue_size + 2);

struct UsedBuffer {
  uint16_t id = 0;
  uint32_t length = 0;  // bytes the device wrote (receive) or took (transmit)
};

enum class QueueFault : uint8_t {
  none,
  used_index_ahead,  // the device claims more used entries than buffers exist
  id_out_of_range,
  id_not_in_flight,  // a buffer the driver never offered, or returned twice
  length_too_long,   // more bytes written than the buffer holds
};

const char* queue_fault_text(QueueFault fault);

class DriverQueue {
 public:
  // Lays out empty rings in `rings` (interrupts off: the driver polls).
  void init(DriverRings& rings);

  // Makes one buffer available as descriptor `id`, device-readable or (for receiving)
  // device-writable. False when `id` is out of range or in flight, or the queue is broken.
  [[nodiscard]] bool offer(uint16_t id, uint64_t address, uint32_t length, bool device_writes);
  // The next buffer the device returned, checked; nothing when there is none (or broken).
  [[nodiscard]] std::optional<UsedBuffer> take_used();

  [[nodiscard]] bool broken() const { return fault_ != QueueFault::none; }
  [[nodiscard]] QueueFault fault() const { return fault_; }
  [[nodiscard]] uint16_t in_flight() const { return in_flight_count_; }
  [[nodiscard]] bool in_flight(uint16_t id) const {
    return id < driver_queue_size && in_flight_[id];
  }
  [[nodiscard]] const DriverRings& rings() const { return *rings_; }

 private:
  [[nodiscard]] std::optional<UsedBuffer> check(const VirtqUsedElement& element);

  DriverRings* rings_ = nullptr;
  std::array<bool, driver_queue_size> in_flight_{};
  std::array<uint32_t, driver_queue_size> lengths_{};  // the driver's own copy: the
                                                       // device could rewrite descriptors
  uint16_t in_flight_count_ = 0;
  uint16_t next_available_ = 0;  // the available index the driver publishes next
  uint16_t last_used_ = 0;       // the used index up to which the driver has taken
  QueueFault fault_ = QueueFault::none;
};

}  // namespace gh::drivers
