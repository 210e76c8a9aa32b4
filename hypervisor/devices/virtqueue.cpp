#include "devices/virtqueue.hpp"

namespace gh::devices {
namespace {

constexpr uint64_t descriptor_size = virtio::ring::descriptor_size;
constexpr uint64_t ring_header_bytes = virtio::ring::header_bytes;
constexpr uint64_t used_element_size = virtio::ring::used_element_size;

namespace descriptor_flag {
constexpr uint16_t next = virtio::ring::descriptor_next;
constexpr uint16_t write = virtio::ring::descriptor_write;
constexpr uint16_t indirect = virtio::ring::descriptor_indirect;
}  // namespace descriptor_flag

constexpr uint16_t available_no_interrupt = virtio::ring::available_no_interrupt;

// virtio 1.1 2.6.7.2: whether `event` lies in (old, new].
constexpr bool need_event(uint16_t event, uint16_t new_index, uint16_t old_index) {
  return static_cast<uint16_t>(new_index - event - 1) <
         static_cast<uint16_t>(new_index - old_index);
}

}  // namespace

void Virtqueue::reset(uint16_t size) {
  rings_ = {.size = size, .descriptors = 0, .available = 0, .used = 0};
  features_ = 0;
  last_available_ = used_index_ = signalled_used_ = 0;
  signalled_used_valid_ = false;
}

void Virtqueue::set_rings(uint64_t descriptors, uint64_t available, uint64_t used) {
  rings_.descriptors = descriptors;
  rings_.available = available;
  rings_.used = used;
}

uint64_t Virtqueue::ring_event_bytes() const {
  return (features_ & virtio::feature::event_idx) != 0 ? 2 : 0;
}

bool Virtqueue::rings_in_ram() const {
  const uint64_t size = rings_.size;
  const uint64_t events = ring_event_bytes();
  return memory_->is_ram(rings_.descriptors, size * descriptor_size) &&
         memory_->is_ram(rings_.available, ring_header_bytes + 2 * size + events) &&
         memory_->is_ram(rings_.used, ring_header_bytes + used_element_size * size + events);
}

bool Virtqueue::available_index(uint16_t& index) const {
  const auto value = dma_read_le(*memory_, rings_.available + 2, 2);
  if (!value) return false;
  index = static_cast<uint16_t>(*value);
  return true;
}

bool Virtqueue::read_descriptor(uint64_t table, uint16_t index, Descriptor& out) const {
  std::array<uint8_t, descriptor_size> raw{};
  if (!memory_->read(table + index * descriptor_size, raw)) return false;
  const auto field = [&](unsigned at, unsigned size) {
    uint64_t value = 0;
    for (unsigned i = 0; i < size; ++i) value |= static_cast<uint64_t>(raw[at + i]) << (8 * i);
    return value;
  };
  out = {.address = field(0, 8),
         .length = static_cast<uint32_t>(field(8, 4)),
         .flags = static_cast<uint16_t>(field(12, 2)),
         .next = static_cast<uint16_t>(field(14, 2))};
  return true;
}

PopResult Virtqueue::pop(DescriptorChain& chain) {
  uint16_t available = 0;
  if (!available_index(available)) return PopResult::error;
  const auto waiting = static_cast<uint16_t>(available - last_available_);
  if (waiting == 0) return PopResult::empty;
  if (waiting > rings_.size) return PopResult::error;  // "Guest moved avail index"
  const uint64_t slot = last_available_ % rings_.size;
  const auto head = dma_read_le(*memory_, rings_.available + ring_header_bytes + 2 * slot, 2);
  if (!head || *head >= rings_.size) return PopResult::error;  // "index is available"
  ++last_available_;
  return walk_chain(static_cast<uint16_t>(*head), chain);
}

PopResult Virtqueue::walk_chain(uint16_t head, DescriptorChain& chain) const {
  chain.head = head;
  chain.readable_count = chain.writable_count = 0;
  chain.readable_bytes = chain.writable_bytes = 0;
  uint64_t table = rings_.descriptors;
  uint64_t limit = rings_.size;
  Descriptor descriptor{};
  if (!read_descriptor(table, head, descriptor)) return PopResult::error;
  if ((descriptor.flags & descriptor_flag::indirect) != 0) {
    if (descriptor.length == 0 || descriptor.length % descriptor_size != 0 ||
        !memory_->is_ram(descriptor.address, descriptor.length)) {
      return PopResult::error;
    }
    table = descriptor.address;
    limit = descriptor.length / descriptor_size;
    if (!read_descriptor(table, 0, descriptor)) return PopResult::error;
  }
  for (uint64_t entries = 1;; ++entries) {
    if (!add_segment(descriptor, chain)) return PopResult::error;
    if (entries > limit) return PopResult::error;  // "Looped descriptor"
    if ((descriptor.flags & descriptor_flag::next) == 0) return PopResult::chain;
    if (descriptor.next >= limit) return PopResult::error;
    if (!read_descriptor(table, descriptor.next, descriptor)) return PopResult::error;
  }
}

bool Virtqueue::add_segment(const Descriptor& descriptor, DescriptorChain& chain) const {
  if (descriptor.length == 0 || !memory_->is_ram(descriptor.address, descriptor.length)) {
    return false;
  }
  const size_t used = chain.readable_count + chain.writable_count;
  if (used == chain.segments.size()) return false;
  chain.segments[used] = {.gpa = descriptor.address, .length = descriptor.length};
  if ((descriptor.flags & descriptor_flag::write) != 0) {
    ++chain.writable_count;
    chain.writable_bytes += descriptor.length;
  } else {
    if (chain.writable_count != 0) return false;  // "Incorrect order for descriptors"
    ++chain.readable_count;
    chain.readable_bytes += descriptor.length;
  }
  return true;
}

bool Virtqueue::push(uint16_t head, uint32_t written) {
  const uint64_t element =
      rings_.used + ring_header_bytes + used_element_size * (used_index_ % rings_.size);
  if (!dma_write_le(*memory_, element, 4, head) ||
      !dma_write_le(*memory_, element + 4, 4, written)) {
    return false;
  }
  ++used_index_;
  return dma_write_le(*memory_, rings_.used + 2, 2, used_index_);
}

bool Virtqueue::has_available() const {
  uint16_t available = 0;
  return available_index(available) && available != last_available_;
}

bool Virtqueue::interrupt_wanted() {
  __atomic_thread_fence(__ATOMIC_SEQ_CST);  // used entries visible before reading the event
  uint16_t available = 0;
  const bool readable = available_index(available);
  if ((features_ & virtio::feature::notify_on_empty) != 0 && readable &&
      available == last_available_) {
    return true;
  }
  if ((features_ & virtio::feature::event_idx) == 0) {
    const auto flags = dma_read_le(*memory_, rings_.available, 2);
    return !flags || (*flags & available_no_interrupt) == 0;
  }
  const bool valid = signalled_used_valid_;
  const uint16_t old_index = signalled_used_;
  signalled_used_valid_ = true;
  signalled_used_ = used_index_;
  const auto used_event =
      dma_read_le(*memory_, rings_.available + ring_header_bytes + 2ull * rings_.size, 2);
  if (!valid || !used_event) return true;
  return need_event(static_cast<uint16_t>(*used_event), used_index_, old_index);
}

void Virtqueue::publish_available_event() {
  if ((features_ & virtio::feature::event_idx) == 0) return;
  uint16_t available = 0;
  if (!available_index(available)) return;
  const uint64_t avail_event =
      rings_.used + ring_header_bytes + used_element_size * static_cast<uint64_t>(rings_.size);
  static_cast<void>(dma_write_le(*memory_, avail_event, 2, available));
  __atomic_thread_fence(__ATOMIC_SEQ_CST);  // publish before looking at the ring again
}

}  // namespace gh::devices
