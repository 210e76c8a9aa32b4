// A minimal virtio-mmio block driver for tests, written from the virtio 1.1 spec (and
// its legacy interface for version 1): register offsets, initialisation, one queue in
// fake guest RAM, and block requests made of header, data and status descriptors.
#pragma once

#include <cstdint>

#include "devices/virtio_mmio.hpp"
#include "fakes.hpp"

namespace gh::devices::test {

// The offsets and flags come from their one home (devices/virtio.hpp), under the short
// names these tests use.
namespace reg {
namespace m = virtio::mmio;
constexpr uint64_t magic = m::magic, version = m::version, device_id = m::device_id;
constexpr uint64_t vendor = m::vendor, device_features = m::device_features;
constexpr uint64_t device_features_sel = m::device_features_select;
constexpr uint64_t driver_features = m::driver_features;
constexpr uint64_t driver_features_sel = m::driver_features_select;
constexpr uint64_t guest_page_size = m::guest_page_size, queue_sel = m::queue_select;
constexpr uint64_t queue_num_max = m::queue_size_max, queue_num = m::queue_size;
constexpr uint64_t queue_align = m::queue_align, queue_pfn = m::queue_pfn;
constexpr uint64_t queue_ready = m::queue_ready, queue_notify = m::queue_notify;
constexpr uint64_t interrupt_status = m::interrupt_status, interrupt_ack = m::interrupt_ack;
constexpr uint64_t status = m::status, config_generation = m::config_generation;
constexpr uint64_t desc_low = m::queue_descriptors_low, desc_high = m::queue_descriptors_high;
constexpr uint64_t driver_low = m::queue_driver_low, driver_high = m::queue_driver_high;
constexpr uint64_t device_low = m::queue_device_low, device_high = m::queue_device_high;
constexpr uint64_t config = m::config_offset;
}  // namespace reg

namespace desc_flag {
constexpr uint16_t next = virtio::ring::descriptor_next, write = virtio::ring::descriptor_write;
constexpr uint16_t indirect = virtio::ring::descriptor_indirect;
}  // namespace desc_flag

class VirtioDriver {
 public:
  static constexpr uint16_t queue_size = 8;
  static constexpr uint64_t descriptors = GuestRam::base + 0x1000;
  static constexpr uint64_t available = descriptors + 16 * queue_size;  // legacy layout
  static constexpr uint64_t used = GuestRam::base + 0x2000;             // QueueAlign 4096
  static constexpr uint64_t header_gpa = GuestRam::base + 0x8000;
  static constexpr uint64_t status_gpa = GuestRam::base + 0x9000;
  static constexpr uint64_t data_gpa = GuestRam::base + 0x10000;
  static constexpr uint8_t status_untouched = 0xee;

  VirtioDriver(GuestRam& ram, VirtioMmio& device) : ram_(ram), device_(device) {}

  uint32_t reg(uint64_t offset);
  void set(uint64_t offset, uint32_t value);
  [[nodiscard]] bool legacy() { return reg(reg::version) == 1; }

  // Reset, ACKNOWLEDGE, DRIVER, features (both words on version 2), FEATURES_OK (v2),
  // queue 0, DRIVER_OK. Returns the status register at the end.
  uint32_t initialise(uint64_t features);
  // As an xv6-style driver: writes feature word 0 only, never acknowledges VERSION_1.
  uint32_t initialise_word0_only(uint32_t features);
  void set_up_queue();
  uint64_t offered_features();

  void descriptor(uint16_t index, uint64_t gpa, uint32_t length, uint16_t flags, uint16_t next);
  void offer(uint16_t head);  // puts head in the available ring, without notifying
  void notify() { set(reg::queue_notify, 0); }
  uint16_t used_index();
  uint32_t used_id(uint16_t position);
  uint32_t used_length(uint16_t position);

  // Header (type, sector) + optional data buffer + status byte, as descriptors 0..2.
  // Returns the status byte the device wrote (status_untouched if none).
  uint8_t block_request(uint32_t type, uint64_t sector, uint32_t data_length, bool device_writes);

 private:
  void finish_features(uint32_t status_so_far);

  GuestRam& ram_;
  VirtioMmio& device_;
  uint16_t next_available_ = 0;
};

}  // namespace gh::devices::test

#include "devices/virtio_blk.hpp"

namespace gh::devices::test {

// Guest RAM, a 64-sector RAM disk, the block device behind a virtio-mmio transport of the
// given version, and a driver for it.
struct BlockRig {
  explicit BlockRig(VirtioMmioVersion version, std::string_view serial = {})
      : block(disk, ram.dma, serial), device(version, block, ram.dma, irq) {}

  GuestRam ram;
  RamDisk disk{64};
  RecordingLine irq;
  VirtioBlock block;
  VirtioMmio device;
  VirtioDriver driver{ram, device};
};

namespace blk_feature {
constexpr uint64_t seg_max = 1ull << 2, geometry = 1ull << 4, read_only = 1ull << 5;
constexpr uint64_t blk_size = 1ull << 6, scsi = 1ull << 7, flush = 1ull << 9;
constexpr uint64_t topology = 1ull << 10, config_wce = 1ull << 11;
constexpr uint64_t discard = 1ull << 13, write_zeroes = 1ull << 14;
constexpr uint64_t notify_on_empty = 1ull << 24, any_layout = 1ull << 27;
constexpr uint64_t indirect = 1ull << 28, event_idx = 1ull << 29, version_1 = 1ull << 32;
}  // namespace blk_feature

namespace blk_type {
constexpr uint32_t in = 0, out = 1, scsi = 2, flush = 4, get_id = 8, discard = 11;
constexpr uint32_t write_zeroes = 13;
}  // namespace blk_type

namespace blk_status {
constexpr uint8_t ok = 0, io_error = 1, unsupported = 2;
}

}  // namespace gh::devices::test
