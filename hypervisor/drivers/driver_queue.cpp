#include "drivers/driver_queue.hpp"

namespace gh::drivers {
namespace ring = devices::virtio::ring;

const char* queue_fault_text(QueueFault fault) {
  switch (fault) {
    case QueueFault::none:
      return "none";
    case QueueFault::used_index_ahead:
      return "the used index ran ahead of the buffers in flight";
    case QueueFault::id_out_of_range:
      return "a used id out of range";
    case QueueFault::id_not_in_flight:
      return "a used id that was not in flight";
    case QueueFault::length_too_long:
      return "a used length beyond its buffer";
  }
  return "?";
}

void DriverQueue::init(DriverRings& rings) {
  rings_ = &rings;
  rings = DriverRings{};
  rings.available.flags = ring::available_no_interrupt;
  in_flight_ = {};
  in_flight_count_ = 0;
  next_available_ = last_used_ = 0;
  fault_ = QueueFault::none;
}

bool DriverQueue::offer(uint16_t id, uint64_t address, uint32_t length, bool device_writes) {
  if (rings_ == nullptr || broken() || id >= driver_queue_size || in_flight_[id]) return false;
  in_flight_[id] = true;
  lengths_[id] = length;
  ++in_flight_count_;
  rings_->descriptors[id] = {.address = address,
                             .length = length,
                             .flags = device_writes ? ring::descriptor_write : uint16_t{0},
                             .next = 0};
  rings_->available.ring[next_available_ % driver_queue_size] = id;
  ++next_available_;
  // The descriptor and the ring entry are visible before the index that publishes them.
  __atomic_store_n(&rings_->available.index, next_available_, __ATOMIC_RELEASE);
  return true;
}

std::optional<UsedBuffer> DriverQueue::take_used() {
  if (rings_ == nullptr || broken()) return std::nullopt;
  const uint16_t device_index = __atomic_load_n(&rings_->used.index, __ATOMIC_ACQUIRE);
  const uint16_t pending = static_cast<uint16_t>(device_index - last_used_);
  if (pending == 0) return std::nullopt;
  if (pending > in_flight()) {
    fault_ = QueueFault::used_index_ahead;
    return std::nullopt;
  }
  const VirtqUsedElement element = rings_->used.ring[last_used_ % driver_queue_size];
  auto used = check(element);
  if (used) {
    ++last_used_;
    in_flight_[used->id] = false;
    --in_flight_count_;
  }
  return used;
}

std::optional<UsedBuffer> DriverQueue::check(const VirtqUsedElement& element) {
  if (element.id >= driver_queue_size) {
    fault_ = QueueFault::id_out_of_range;
  } else if (!in_flight_[element.id]) {
    fault_ = QueueFault::id_not_in_flight;
  } else if (element.length > lengths_[element.id]) {
    fault_ = QueueFault::length_too_long;
  }
  if (broken()) return std::nullopt;
  return UsedBuffer{.id = static_cast<uint16_t>(element.id), .length = element.length};
}

}  // namespace gh::drivers
