// Virtio (1.1 spec, and QEMU 7.2's legacy behaviour) shared by the transport and the
// devices: status bits, feature bits, descriptor chains, and the device interface.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace gh::devices {

class DmaMemory;
class Virtqueue;

namespace virtio {

namespace status {
constexpr uint8_t acknowledge = 0x01;
constexpr uint8_t driver = 0x02;
constexpr uint8_t driver_ok = 0x04;
constexpr uint8_t features_ok = 0x08;
constexpr uint8_t needs_reset = 0x40;
constexpr uint8_t failed = 0x80;
}  // namespace status

namespace feature {
constexpr uint64_t notify_on_empty = 1ull << 24;  // legacy only
constexpr uint64_t any_layout = 1ull << 27;       // legacy only
constexpr uint64_t indirect_desc = 1ull << 28;
constexpr uint64_t event_idx = 1ull << 29;
constexpr uint64_t bad_feature = 1ull << 30;  // legacy only
constexpr uint64_t version_1 = 1ull << 32;
// Bits a modern (version 2) transport never shows the driver (QEMU's legacy_features).
constexpr uint64_t legacy_only = notify_on_empty | any_layout | bad_feature;
}  // namespace feature

// Register offsets of the virtio-mmio transport (virtio 1.1 section 4.2.2); the
// device model (virtio_mmio.cpp) and the hypervisor's own driver (drivers/) share them.
namespace mmio {
constexpr uint32_t magic_value = 0x7472'6976;  // "virt"
constexpr uint64_t magic = 0x000;
constexpr uint64_t version = 0x004;
constexpr uint64_t device_id = 0x008;
constexpr uint64_t vendor = 0x00c;
constexpr uint64_t device_features = 0x010;
constexpr uint64_t device_features_select = 0x014;
constexpr uint64_t driver_features = 0x020;
constexpr uint64_t driver_features_select = 0x024;
constexpr uint64_t guest_page_size = 0x028;  // legacy
constexpr uint64_t queue_select = 0x030;
constexpr uint64_t queue_size_max = 0x034;
constexpr uint64_t queue_size = 0x038;
constexpr uint64_t queue_align = 0x03c;  // legacy
constexpr uint64_t queue_pfn = 0x040;    // legacy
constexpr uint64_t queue_ready = 0x044;  // modern
constexpr uint64_t queue_notify = 0x050;
constexpr uint64_t interrupt_status = 0x060;
constexpr uint64_t interrupt_ack = 0x064;
constexpr uint64_t status = 0x070;
constexpr uint64_t queue_descriptors_low = 0x080;  // modern from here on
constexpr uint64_t queue_descriptors_high = 0x084;
constexpr uint64_t queue_driver_low = 0x090;
constexpr uint64_t queue_driver_high = 0x094;
constexpr uint64_t queue_device_low = 0x0a0;
constexpr uint64_t queue_device_high = 0x0a4;
constexpr uint64_t config_generation = 0x0fc;
constexpr uint64_t config_offset = 0x100;
constexpr uint32_t version_legacy = 1;
constexpr uint32_t version_modern = 2;
}  // namespace mmio

// Split virtqueue (virtio 1.1 section 2.6): descriptor and ring flags, entry sizes.
namespace ring {
constexpr uint16_t descriptor_next = 1;
constexpr uint16_t descriptor_write = 2;
constexpr uint16_t descriptor_indirect = 4;
constexpr uint16_t available_no_interrupt = 1;
constexpr uint64_t descriptor_size = 16;
constexpr uint64_t header_bytes = 4;       // flags, idx
constexpr uint64_t used_element_size = 8;  // id, len
}  // namespace ring

namespace device_id {
constexpr uint32_t block = 2;
constexpr uint32_t console = 3;
}  // namespace device_id

// virtio 1.1 section 5.3.3: a console without MULTIPORT has one port on queues 0 and 1.
namespace console {
constexpr uint64_t feature_size = 1ull << 0;
constexpr uint64_t feature_multiport = 1ull << 1;
constexpr uint64_t feature_emergency_write = 1ull << 2;
constexpr uint16_t receive_queue = 0;
constexpr uint16_t transmit_queue = 1;
}  // namespace console

namespace interrupt {
constexpr uint32_t used_buffer = 0x1;
constexpr uint32_t config_change = 0x2;
}  // namespace interrupt

constexpr uint16_t max_queue_size = 1024;  // QEMU VIRTQUEUE_MAX_SIZE
constexpr size_t max_chain_segments = 1024;
constexpr uint32_t default_legacy_align = 4096;

}  // namespace virtio

// One guest buffer of a descriptor chain, already checked to lie in guest RAM.
struct BufferSegment {
  uint64_t gpa = 0;
  uint32_t length = 0;
};

// A request as the driver laid it out: device-readable buffers, then device-writable
// ones (the order virtio requires).
struct DescriptorChain {
  uint16_t head = 0;
  size_t readable_count = 0;
  size_t writable_count = 0;
  uint64_t readable_bytes = 0;
  uint64_t writable_bytes = 0;
  std::array<BufferSegment, virtio::max_chain_segments> segments{};

  [[nodiscard]] std::span<const BufferSegment> readable() const {
    return {segments.data(), readable_count};
  }
  [[nodiscard]] std::span<const BufferSegment> writable() const {
    return {segments.data() + readable_count, writable_count};
  }
};

// Walks a run of segments as one byte stream: reads from device-readable buffers,
// writes into device-writable ones. Every copy is a DMA that checks guest RAM again.
class SegmentCursor {
 public:
  SegmentCursor(DmaMemory& memory, std::span<const BufferSegment> segments)
      : memory_(memory), segments_(segments) {}

  // Each returns false when the stream ends early or a copy leaves guest RAM.
  [[nodiscard]] bool skip(uint64_t bytes);
  [[nodiscard]] bool copy_out(std::span<uint8_t> into);
  [[nodiscard]] bool copy_in(std::span<const uint8_t> from);

 private:
  template <typename Copy>
  bool advance(uint64_t bytes, Copy&& copy);

  DmaMemory& memory_;
  std::span<const BufferSegment> segments_;
  size_t index_ = 0;
  uint64_t offset_ = 0;  // within segments_[index_]
};

enum class [[nodiscard]] QueueResult : uint8_t{
    ok,
    device_error,  // the driver broke the protocol: the device needs a reset (virtio_error)
};

// A virtio device behind a transport (virtio_mmio.hpp).
class VirtioDevice {
 public:
  virtual uint32_t device_id() const = 0;
  // The features offered, given those the transport offers: the ring features, and
  // VIRTIO_F_VERSION_1 when the transport is modern.
  virtual uint64_t offered_features(uint64_t transport_features) const = 0;
  virtual uint16_t queue_count() const = 0;
  virtual uint16_t default_queue_size() const = 0;
  // Device configuration space, byte by byte; size is what the driver may access.
  virtual uint32_t config_size() const = 0;
  virtual uint8_t read_config(uint32_t offset) const = 0;
  virtual void write_config(uint32_t offset, uint8_t value) = 0;
  // The driver's features once it has set FEATURES_OK (or, legacy, written them).
  virtual void set_negotiated_features(uint64_t features) = 0;
  // The driver wrote the device status register.
  virtual void set_status(uint8_t status) = 0;
  virtual void reset() = 0;
  // The driver notified queue `index`: take requests until the queue is empty.
  virtual QueueResult process_queue(uint16_t index, Virtqueue& queue) = 0;

 protected:
  ~VirtioDevice() = default;
};

}  // namespace gh::devices
