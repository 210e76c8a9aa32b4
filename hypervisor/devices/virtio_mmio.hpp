// The virtio-mmio transport of QEMU 7.2 (hw/virtio/virtio-mmio.c), modern (version 2)
// or legacy (version 1, QEMU's default `force-legacy=true`) as chosen at construction.
// Registers are 32 bits wide: 8-byte accesses are split into two 4-byte ones (QEMU's
// memory core does that), 1- and 2-byte accesses to registers read 0 and are ignored;
// the device configuration space at 0x100 takes 1-, 2-, 4- (and split 8-) byte accesses.
// Misaligned accesses and offsets from 0x200 on fault.
//
// Feature negotiation follows QEMU: a modern driver's feature words take effect when it
// sets FEATURES_OK; one that writes only word 0 (never acknowledging VIRTIO_F_VERSION_1)
// is accepted as it is, and the device then reports errors the legacy way (no
// DEVICE_NEEDS_RESET). When the driver breaks the virtqueue protocol the device stops
// processing until reset; with VERSION_1 negotiated it also sets DEVICE_NEEDS_RESET and
// raises a configuration-change interrupt (when DRIVER_OK).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "devices/guest_dma.hpp"
#include "devices/mmio_device.hpp"
#include "devices/virtio.hpp"
#include "devices/virtqueue.hpp"

namespace gh::devices {

enum class VirtioMmioVersion : uint32_t { legacy = 1, modern = 2 };

class VirtioMmio final : public MmioDevice {
 public:
  static constexpr uint32_t magic_value = virtio::mmio::magic_value;
  static constexpr uint32_t vendor_id = 0x554d'4551;  // "QEMU"
  static constexpr uint64_t config_offset = virtio::mmio::config_offset;
  static constexpr uint64_t region_size = 0x200;
  static constexpr uint16_t max_queues = 4;
  static constexpr uint32_t queue_select_limit = 1024;  // QEMU VIRTIO_QUEUE_MAX

  VirtioMmio(VirtioMmioVersion version, VirtioDevice& device, DmaMemory& memory,
             InterruptLine& irq);
  VirtioMmio(const VirtioMmio&) = delete;
  VirtioMmio& operator=(const VirtioMmio&) = delete;

  std::optional<uint64_t> read(uint64_t offset, unsigned size) override;
  bool write(uint64_t offset, unsigned size, uint64_t value) override;

  // Machine reset: the device and the transport's own registers.
  void reset();

  [[nodiscard]] uint8_t status() const { return status_; }
  [[nodiscard]] uint32_t interrupt_status() const { return interrupt_status_; }
  [[nodiscard]] bool broken() const { return broken_; }
  [[nodiscard]] uint64_t negotiated_features() const { return negotiated_; }
  [[nodiscard]] uint64_t offered_features() const { return offered_; }

 private:
  struct QueueRegisters {  // modern: written before QueueReady takes them
    uint32_t size = 0;
    uint64_t descriptors = 0;
    uint64_t available = 0;
    uint64_t used = 0;
    bool ready = false;
  };

  [[nodiscard]] bool legacy() const { return version_ == VirtioMmioVersion::legacy; }
  [[nodiscard]] Virtqueue* selected_queue();
  [[nodiscard]] bool has_feature(uint64_t bit) const { return (negotiated_ & bit) != 0; }

  uint32_t read_register(uint64_t offset);
  void write_register(uint64_t offset, uint32_t value);
  bool write_common_register(uint64_t offset, uint32_t value);
  bool write_legacy_register(uint64_t offset, uint32_t value);
  bool write_modern_register(uint64_t offset, uint32_t value);
  uint64_t read_config(uint64_t offset, unsigned size) const;
  void write_config(uint64_t offset, unsigned size, uint64_t value);

  uint32_t device_features_window() const;
  void set_features(uint64_t requested);
  void write_status(uint8_t value);
  void set_queue_size(uint32_t size);
  void update_legacy_rings();
  void make_queue_ready();
  void check_rings(const Virtqueue& queue);
  void notify_queue(uint32_t index);
  void device_error();
  void update_interrupt();
  void reset_device();

  VirtioMmioVersion version_;
  VirtioDevice& device_;
  InterruptLine& irq_;
  uint64_t offered_ = 0;

  // Transport registers.
  uint32_t device_features_select_ = 0;
  uint32_t driver_features_select_ = 0;
  std::array<uint32_t, 2> driver_features_{};
  uint32_t guest_page_shift_ = 0;
  uint32_t queue_select_ = 0;
  std::array<QueueRegisters, max_queues> queue_registers_{};

  // Device state (QEMU's VirtIODevice).
  uint8_t status_ = 0;
  uint32_t interrupt_status_ = 0;
  uint32_t config_generation_ = 0;
  uint64_t negotiated_ = 0;
  bool broken_ = false;
  std::array<Virtqueue, max_queues> queues_{};
  std::array<uint32_t, max_queues> legacy_align_{};
};

}  // namespace gh::devices
