#include "virtio_driver.hpp"

#include <cstdlib>

namespace gh::devices::test {

uint32_t VirtioDriver::reg(uint64_t offset) {
  const auto value = device_.read(offset, 4);
  if (!value) std::abort();
  return static_cast<uint32_t>(*value);
}

void VirtioDriver::set(uint64_t offset, uint32_t value) {
  if (!device_.write(offset, 4, value)) std::abort();
}

uint64_t VirtioDriver::offered_features() {
  set(reg::device_features_sel, 0);
  const uint64_t low = reg(reg::device_features);
  set(reg::device_features_sel, 1);
  return low | static_cast<uint64_t>(reg(reg::device_features)) << 32;
}

uint32_t VirtioDriver::initialise(uint64_t features) {
  set(reg::status, 0);
  set(reg::status, 1);      // ACKNOWLEDGE
  set(reg::status, 1 | 2);  // DRIVER
  set(reg::driver_features_sel, 0);
  set(reg::driver_features, static_cast<uint32_t>(features));
  if (!legacy()) {
    set(reg::driver_features_sel, 1);
    set(reg::driver_features, static_cast<uint32_t>(features >> 32));
  }
  finish_features(1 | 2);
  return reg(reg::status);
}

uint32_t VirtioDriver::initialise_word0_only(uint32_t features) {
  set(reg::status, 0);
  set(reg::status, 1);
  set(reg::status, 1 | 2);
  set(reg::driver_features, features);
  finish_features(1 | 2);
  return reg(reg::status);
}

void VirtioDriver::finish_features(uint32_t status_so_far) {
  if (!legacy()) {
    status_so_far |= 8;  // FEATURES_OK
    set(reg::status, status_so_far);
  }
  set_up_queue();
  set(reg::status, status_so_far | 4);  // DRIVER_OK
}

void VirtioDriver::set_up_queue() {
  next_available_ = 0;
  ram_.fill(descriptors, 0, 0x2000);
  set(reg::queue_sel, 0);
  if (legacy()) {
    set(reg::guest_page_size, 4096);
    set(reg::queue_num, queue_size);
    set(reg::queue_align, 4096);
    set(reg::queue_pfn, static_cast<uint32_t>(descriptors >> 12));
    return;
  }
  set(reg::queue_num, queue_size);
  set(reg::desc_low, static_cast<uint32_t>(descriptors));
  set(reg::desc_high, static_cast<uint32_t>(descriptors >> 32));
  set(reg::driver_low, static_cast<uint32_t>(available));
  set(reg::driver_high, static_cast<uint32_t>(available >> 32));
  set(reg::device_low, static_cast<uint32_t>(used));
  set(reg::device_high, static_cast<uint32_t>(used >> 32));
  set(reg::queue_ready, 1);
}

void VirtioDriver::descriptor(uint16_t index, uint64_t gpa, uint32_t length, uint16_t flags,
                              uint16_t next) {
  const uint64_t at = descriptors + 16ull * index;
  ram_.write_le(at, 8, gpa);
  ram_.write_le(at + 8, 4, length);
  ram_.write_le(at + 12, 2, flags);
  ram_.write_le(at + 14, 2, next);
}

void VirtioDriver::offer(uint16_t head) {
  ram_.write_le(available + 4 + 2ull * (next_available_ % queue_size), 2, head);
  ++next_available_;
  ram_.write_le(available + 2, 2, next_available_);
}

uint16_t VirtioDriver::used_index() { return static_cast<uint16_t>(ram_.read_le(used + 2, 2)); }

uint32_t VirtioDriver::used_id(uint16_t position) {
  return static_cast<uint32_t>(ram_.read_le(used + 4 + 8ull * (position % queue_size), 4));
}

uint32_t VirtioDriver::used_length(uint16_t position) {
  return static_cast<uint32_t>(ram_.read_le(used + 8 + 8ull * (position % queue_size), 4));
}

uint8_t VirtioDriver::block_request(uint32_t type, uint64_t sector, uint32_t data_length,
                                    bool device_writes) {
  ram_.write_le(header_gpa, 4, type);
  ram_.write_le(header_gpa + 4, 4, 0);
  ram_.write_le(header_gpa + 8, 8, sector);
  ram_.write_le(status_gpa, 1, status_untouched);
  if (data_length == 0) {
    descriptor(0, header_gpa, 16, desc_flag::next, 2);
  } else {
    descriptor(0, header_gpa, 16, desc_flag::next, 1);
    descriptor(1, data_gpa, data_length,
               static_cast<uint16_t>(desc_flag::next | (device_writes ? desc_flag::write : 0)), 2);
  }
  descriptor(2, status_gpa, 1, desc_flag::write, 0);
  offer(0);
  notify();
  return static_cast<uint8_t>(ram_.read_le(status_gpa, 1));
}

}  // namespace gh::devices::test
