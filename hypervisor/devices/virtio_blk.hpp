// The virtio block device of QEMU 7.2 (hw/block/virtio-blk.c) with its defaults: one
// queue of 256 descriptors, 512-byte sectors, write cache on, discard ignored.
// Features: SEG_MAX, GEOMETRY, BLK_SIZE, FLUSH, TOPOLOGY, CONFIG_WCE, DISCARD,
// WRITE_ZEROES (+ RO for a read-only disk); on a legacy transport also SCSI (requests
// answered UNSUPP) and no ANY_LAYOUT, as QEMU.
// Requests: IN, OUT, FLUSH, GET_ID, DISCARD, WRITE_ZEROES; anything else UNSUPP. A request
// outside the disk, of a size that is not whole sectors, or larger than QEMU's limit
// completes with IOERR; so does a backend failure or a write to a read-only disk. A
// request without a readable header or writable status byte is a protocol error (the
// device needs a reset), as in QEMU.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "devices/block_backend.hpp"
#include "devices/guest_dma.hpp"
#include "devices/virtio.hpp"
#include "devices/virtqueue.hpp"

namespace gh::devices {

namespace virtio_blk {
constexpr uint32_t device_id = virtio::device_id::block;
constexpr uint16_t queue_size = 256;
constexpr uint32_t max_request_sectors = 0x7fff'ffff >> 9;  // QEMU BDRV_REQUEST_MAX_SECTORS
constexpr size_t id_bytes = 20;

namespace feature {
constexpr uint64_t size_max = 1ull << 1;
constexpr uint64_t seg_max = 1ull << 2;
constexpr uint64_t geometry = 1ull << 4;
constexpr uint64_t read_only = 1ull << 5;
constexpr uint64_t blk_size = 1ull << 6;
constexpr uint64_t scsi = 1ull << 7;
constexpr uint64_t flush = 1ull << 9;
constexpr uint64_t topology = 1ull << 10;
constexpr uint64_t config_wce = 1ull << 11;
constexpr uint64_t discard = 1ull << 13;
constexpr uint64_t write_zeroes = 1ull << 14;
}  // namespace feature

namespace request {
constexpr uint32_t in = 0;
constexpr uint32_t out = 1;
constexpr uint32_t scsi_command = 2;
constexpr uint32_t flush = 4;
constexpr uint32_t get_id = 8;
constexpr uint32_t discard = 11;
constexpr uint32_t write_zeroes = 13;
constexpr uint32_t barrier = 0x8000'0000;
}  // namespace request

namespace status {
constexpr uint8_t ok = 0;
constexpr uint8_t io_error = 1;
constexpr uint8_t unsupported = 2;
}  // namespace status
}  // namespace virtio_blk

class VirtioBlock final : public VirtioDevice {
 public:
  // `serial` is what GET_ID returns (QEMU's `serial=` property; empty by default).
  VirtioBlock(BlockBackend& disk, DmaMemory& memory, std::string_view serial = {});
  VirtioBlock(const VirtioBlock&) = delete;
  VirtioBlock& operator=(const VirtioBlock&) = delete;

  uint32_t device_id() const override { return virtio_blk::device_id; }
  uint64_t offered_features(uint64_t transport_features) const override;
  uint16_t queue_count() const override { return 1; }
  uint16_t default_queue_size() const override { return virtio_blk::queue_size; }
  uint32_t config_size() const override { return config_bytes; }
  uint8_t read_config(uint32_t offset) const override;
  void write_config(uint32_t offset, uint8_t value) override;
  void set_negotiated_features(uint64_t features) override { negotiated_ = features; }
  void set_status(uint8_t status) override;
  void reset() override;
  QueueResult process_queue(uint16_t index, Virtqueue& queue) override;

  [[nodiscard]] bool write_cache_enabled() const { return write_cache_; }

 private:
  static constexpr uint32_t config_bytes = 57;  // up to write_zeroes_may_unmap (QEMU)
  // A request's status byte for the driver; nothing when the driver broke the protocol.
  using Outcome = std::optional<uint8_t>;

  [[nodiscard]] Outcome handle_request();
  [[nodiscard]] Outcome read_sectors(uint64_t sector);
  [[nodiscard]] Outcome write_sectors(uint64_t sector);
  [[nodiscard]] Outcome flush();
  [[nodiscard]] Outcome get_id();
  [[nodiscard]] Outcome discard_or_write_zeroes(uint32_t type);
  [[nodiscard]] Outcome write_zeroes(uint64_t sector, uint64_t count);
  [[nodiscard]] bool write_status(uint8_t status);
  [[nodiscard]] bool range_ok(uint64_t sector, uint64_t bytes) const;
  [[nodiscard]] std::array<uint8_t, config_bytes> config_image() const;

  BlockBackend& disk_;
  DmaMemory& memory_;
  std::array<uint8_t, virtio_blk::id_bytes> serial_{};
  size_t serial_length_ = 0;
  uint64_t negotiated_ = 0;
  bool write_cache_ = true;
  DescriptorChain chain_{};
  std::array<uint8_t, 4096> bounce_{};
};

}  // namespace gh::devices
