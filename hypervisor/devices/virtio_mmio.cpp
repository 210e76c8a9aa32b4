#include "devices/virtio_mmio.hpp"

#include <bit>

namespace gh::devices {
namespace {

namespace reg = virtio::mmio;

constexpr uint64_t transport_ring_features =
    virtio::feature::indirect_desc | virtio::feature::event_idx | virtio::feature::notify_on_empty |
    virtio::feature::any_layout;

uint64_t with_low(uint64_t word, uint32_t low) { return (word & ~0xffff'ffffull) | low; }
uint64_t with_high(uint64_t word, uint32_t high) {
  return (static_cast<uint64_t>(high) << 32) | (word & 0xffff'ffffull);
}

constexpr int max_passes_per_notify = 16;

uint64_t align_up(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

}  // namespace

VirtioMmio::VirtioMmio(VirtioMmioVersion version, VirtioDevice& device, DmaMemory& memory,
                       InterruptLine& irq)
    : version_(version), device_(device), irq_(irq) {
  const uint64_t transport = transport_ring_features | (legacy() ? 0 : virtio::feature::version_1);
  offered_ = device_.offered_features(transport);
  for (Virtqueue& queue : queues_) queue.attach(memory);
  reset();
}

void VirtioMmio::reset() {
  device_features_select_ = driver_features_select_ = 0;
  driver_features_ = {};
  guest_page_shift_ = 0;
  queue_registers_ = {};
  reset_device();
}

void VirtioMmio::reset_device() {
  status_ = 0;
  interrupt_status_ = 0;
  negotiated_ = 0;
  broken_ = false;
  queue_select_ = 0;
  for (uint16_t index = 0; index < max_queues; ++index) {
    queues_[index].reset(index < device_.queue_count() ? device_.default_queue_size() : 0);
    legacy_align_[index] = virtio::default_legacy_align;
  }
  device_.reset();
  update_interrupt();
}

Virtqueue* VirtioMmio::selected_queue() {
  return queue_select_ < max_queues ? &queues_[queue_select_] : nullptr;
}

std::optional<uint64_t> VirtioMmio::read(uint64_t offset, unsigned size) {
  if (size == 0 || size > 8 || offset % size != 0 || offset >= region_size) return std::nullopt;
  if (size == 8) {
    const uint64_t low = *read(offset, 4);
    return low | (*read(offset + 4, 4) << 32);
  }
  if (offset >= config_offset) return read_config(offset - config_offset, size);
  if (size != 4) return 0;  // QEMU: "wrong size access to register"
  return read_register(offset);
}

bool VirtioMmio::write(uint64_t offset, unsigned size, uint64_t value) {
  if (size == 0 || size > 8 || offset % size != 0 || offset >= region_size) return false;
  if (size == 8) {
    return write(offset, 4, value & 0xffff'ffff) && write(offset + 4, 4, value >> 32);
  }
  if (offset >= config_offset) {
    write_config(offset - config_offset, size, value);
  } else if (size == 4) {
    write_register(offset, static_cast<uint32_t>(value));
  }
  return true;
}

uint32_t VirtioMmio::device_features_window() const {
  if (legacy()) return device_features_select_ != 0 ? 0 : static_cast<uint32_t>(offered_);
  return static_cast<uint32_t>((offered_ & ~virtio::feature::legacy_only) >>
                               (32 * device_features_select_));
}

uint32_t VirtioMmio::read_register(uint64_t offset) {
  const Virtqueue* queue = selected_queue();
  const uint16_t size = queue != nullptr ? queue->rings().size : 0;
  switch (offset) {
    case reg::magic:
      return magic_value;
    case reg::version:
      return static_cast<uint32_t>(version_);
    case reg::device_id:
      return device_.device_id();
    case reg::vendor:
      return vendor_id;
    case reg::device_features:
      return device_features_window();
    case reg::queue_size_max:
      return size != 0 ? virtio::max_queue_size : 0;
    case reg::queue_pfn:
      return legacy() && queue != nullptr
                 ? static_cast<uint32_t>(queue->rings().descriptors >> guest_page_shift_)
                 : 0;
    case reg::queue_ready:
      return !legacy() && queue != nullptr && queue_registers_[queue_select_].ready ? 1 : 0;
    case reg::interrupt_status:
      return interrupt_status_;
    case reg::status:
      return status_;
    case reg::config_generation:
      return legacy() ? 0 : config_generation_;
    default:
      return 0;  // write-only or reserved
  }
}

void VirtioMmio::write_register(uint64_t offset, uint32_t value) {
  if (write_common_register(offset, value)) return;
  if (legacy()) {
    static_cast<void>(write_legacy_register(offset, value));
  } else {
    static_cast<void>(write_modern_register(offset, value));
  }
}

bool VirtioMmio::write_common_register(uint64_t offset, uint32_t value) {
  switch (offset) {
    case reg::device_features_select:
      device_features_select_ = value != 0 ? 1 : 0;
      return true;
    case reg::driver_features_select:
      driver_features_select_ = value != 0 ? 1 : 0;
      return true;
    case reg::queue_select:
      if (value < queue_select_limit) queue_select_ = value;
      return true;
    case reg::queue_notify:
      notify_queue(value);
      return true;
    case reg::interrupt_ack:
      interrupt_status_ &= ~value;
      update_interrupt();
      return true;
    case reg::status:
      write_status(static_cast<uint8_t>(value));
      return true;
    default:
      return false;
  }
}

bool VirtioMmio::write_legacy_register(uint64_t offset, uint32_t value) {
  Virtqueue* queue = selected_queue();
  switch (offset) {
    case reg::driver_features:
      if (driver_features_select_ == 0) set_features(value);
      return true;
    case reg::guest_page_size:
      guest_page_shift_ = value == 0 ? 0 : static_cast<uint32_t>(std::countr_zero(value));
      return true;
    case reg::queue_size:
      set_queue_size(value);
      update_legacy_rings();
      return true;
    case reg::queue_align:
      if (queue != nullptr && value != 0 && !has_feature(virtio::feature::version_1)) {
        legacy_align_[queue_select_] = value;
        update_legacy_rings();
      }
      return true;
    case reg::queue_pfn:
      if (value == 0) {
        reset_device();  // QEMU: writing 0 resets the whole device
      } else if (queue != nullptr && queue->rings().size != 0) {
        queue->set_rings(static_cast<uint64_t>(value) << guest_page_shift_, 0, 0);
        update_legacy_rings();
      }
      return true;
    default:
      return false;
  }
}

bool VirtioMmio::write_modern_register(uint64_t offset, uint32_t value) {
  if (offset == reg::driver_features) {
    driver_features_[driver_features_select_] = value;
    return true;
  }
  if (queue_select_ >= max_queues) return true;  // a queue that is not there: ignored
  QueueRegisters& registers = queue_registers_[queue_select_];
  switch (offset) {
    case reg::queue_size:
      registers.size = value;
      return true;
    case reg::queue_ready:
      if (value != 0) {
        make_queue_ready();
      } else {
        registers.ready = false;
      }
      return true;
    case reg::queue_descriptors_low:
      registers.descriptors = with_low(registers.descriptors, value);
      return true;
    case reg::queue_descriptors_high:
      registers.descriptors = with_high(registers.descriptors, value);
      return true;
    case reg::queue_driver_low:
      registers.available = with_low(registers.available, value);
      return true;
    case reg::queue_driver_high:
      registers.available = with_high(registers.available, value);
      return true;
    case reg::queue_device_low:
      registers.used = with_low(registers.used, value);
      return true;
    case reg::queue_device_high:
      registers.used = with_high(registers.used, value);
      return true;
    default:
      return false;
  }
}

// QEMU virtio_queue_set_num: a queue cannot appear or disappear, nor exceed the maximum.
void VirtioMmio::set_queue_size(uint32_t size) {
  Virtqueue* queue = selected_queue();
  if (queue == nullptr) return;
  const bool exists = queue->rings().size != 0;
  if ((size != 0) != exists || size > virtio::max_queue_size) return;
  queue->set_size(static_cast<uint16_t>(size));
}

// Legacy layout (virtio 0.9.5): available ring right after the descriptor table, used
// ring at the next multiple of QueueAlign.
void VirtioMmio::update_legacy_rings() {
  Virtqueue* queue = selected_queue();
  if (queue == nullptr) return;
  const VirtqueueRings& rings = queue->rings();
  const uint64_t align = legacy_align_[queue_select_];
  if (rings.size == 0 || rings.descriptors == 0) return;
  const uint64_t available = rings.descriptors + 16ull * rings.size;
  const uint64_t used = align_up(available + 4 + 2ull * rings.size, align);
  queue->set_rings(rings.descriptors, available, used);
  check_rings(*queue);
}

void VirtioMmio::make_queue_ready() {
  Virtqueue& queue = queues_[queue_select_];
  QueueRegisters& registers = queue_registers_[queue_select_];
  set_queue_size(registers.size);
  if (queue.rings().size != 0) {
    queue.set_rings(registers.descriptors, registers.available, registers.used);
    if (registers.descriptors != 0) check_rings(queue);
  }
  registers.ready = true;
}

void VirtioMmio::check_rings(const Virtqueue& queue) {
  if (!queue.rings_in_ram()) device_error();  // QEMU: "Cannot map desc/avail/used"
}

void VirtioMmio::set_features(uint64_t requested) {
  if ((status_ & virtio::status::features_ok) != 0) return;  // negotiation is over
  negotiated_ = requested & offered_;
  for (Virtqueue& queue : queues_) queue.set_features(negotiated_);
  device_.set_negotiated_features(negotiated_);
}

void VirtioMmio::write_status(uint8_t value) {
  if (!legacy() && (value & virtio::status::features_ok) != 0) {
    set_features(static_cast<uint64_t>(driver_features_[1]) << 32 | driver_features_[0]);
  }
  device_.set_status(value);
  status_ = value;
  if (status_ == 0) {
    reset_device();
    for (QueueRegisters& registers : queue_registers_) registers.ready = false;
  }
}

void VirtioMmio::notify_queue(uint32_t index) {
  if (index >= max_queues || broken_) return;
  Virtqueue& queue = queues_[index];
  if (!queue.is_set_up()) return;
  const uint16_t used_before = queue.used_index();
  // As QEMU's virtio_blk_handle_vq: after asking for the next kick, look once more, so
  // that an entry the driver added meanwhile (and did not kick for) is not stranded.
  QueueResult result = QueueResult::ok;
  for (int pass = 0; pass < max_passes_per_notify && result == QueueResult::ok; ++pass) {
    result = device_.process_queue(static_cast<uint16_t>(index), queue);
    queue.publish_available_event();
    if (!queue.has_available()) break;
  }
  if (queue.used_index() != used_before && queue.interrupt_wanted()) {
    interrupt_status_ |= virtio::interrupt::used_buffer;
    update_interrupt();
  }
  if (result == QueueResult::device_error) device_error();
}

// QEMU virtio_error: the device stops until reset; a VERSION_1 driver is told.
void VirtioMmio::device_error() {
  broken_ = true;
  if (!has_feature(virtio::feature::version_1)) return;
  status_ |= virtio::status::needs_reset;
  if ((status_ & virtio::status::driver_ok) == 0) return;
  interrupt_status_ |= virtio::interrupt::config_change;
  ++config_generation_;
  update_interrupt();
}

void VirtioMmio::update_interrupt() { irq_.set_level(interrupt_status_ != 0); }

// Out-of-range config reads return all ones (QEMU virtio_config_read*).
uint64_t VirtioMmio::read_config(uint64_t offset, unsigned size) const {
  const uint64_t all_ones = size == 4 ? 0xffff'ffffull : (1ull << (8 * size)) - 1;
  if (offset + size > device_.config_size()) return all_ones;
  uint64_t value = 0;
  for (unsigned i = 0; i < size; ++i) {
    value |= static_cast<uint64_t>(device_.read_config(static_cast<uint32_t>(offset + i)))
             << (8 * i);
  }
  return value;
}

void VirtioMmio::write_config(uint64_t offset, unsigned size, uint64_t value) {
  if (offset + size > device_.config_size()) return;
  for (unsigned i = 0; i < size; ++i) {
    device_.write_config(static_cast<uint32_t>(offset + i), static_cast<uint8_t>(value >> (8 * i)));
  }
}

}  // namespace gh::devices
