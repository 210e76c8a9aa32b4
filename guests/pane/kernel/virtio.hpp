// Definitions from the virtio 1.1 specification: the MMIO transport's registers
// (section 4.2.2) and the split virtqueue's structures (section 2.6).
#pragma once

#include <cstdint>

namespace pane::virtio {

// MMIO registers, byte offsets.
constexpr uint32_t kMagicValue = 0x000;  // "virt"
constexpr uint32_t kVersion = 0x004;     // 2 for a modern device
constexpr uint32_t kDeviceId = 0x008;    // 2 for a block device
constexpr uint32_t kDeviceFeatures = 0x010;
constexpr uint32_t kDeviceFeaturesSelect = 0x014;
constexpr uint32_t kDriverFeatures = 0x020;
constexpr uint32_t kDriverFeaturesSelect = 0x024;
constexpr uint32_t kQueueSelect = 0x030;
constexpr uint32_t kQueueSizeMax = 0x034;
constexpr uint32_t kQueueSize = 0x038;
constexpr uint32_t kQueueReady = 0x044;
constexpr uint32_t kQueueNotify = 0x050;
constexpr uint32_t kInterruptStatus = 0x060;
constexpr uint32_t kInterruptAck = 0x064;
constexpr uint32_t kStatus = 0x070;
constexpr uint32_t kQueueDescriptorLow = 0x080;
constexpr uint32_t kQueueDescriptorHigh = 0x084;
constexpr uint32_t kQueueDriverLow = 0x090;  // the available ring
constexpr uint32_t kQueueDriverHigh = 0x094;
constexpr uint32_t kQueueDeviceLow = 0x0a0;  // the used ring
constexpr uint32_t kQueueDeviceHigh = 0x0a4;

constexpr uint32_t kMagic = 0x74726976;

// Device status bits, set by the driver in this order as initialization proceeds.
constexpr uint32_t kStatusAcknowledge = 1;
constexpr uint32_t kStatusDriver = 2;
constexpr uint32_t kStatusDriverOk = 4;
constexpr uint32_t kStatusFeaturesOk = 8;

// Feature bits (word 0) the driver declines.
constexpr uint32_t kBlockReadOnly = 1u << 5;
constexpr uint32_t kBlockScsi = 1u << 7;
constexpr uint32_t kBlockConfigWce = 1u << 11;
constexpr uint32_t kBlockMultiQueue = 1u << 12;
constexpr uint32_t kAnyLayout = 1u << 27;
constexpr uint32_t kIndirectDescriptors = 1u << 28;
constexpr uint32_t kEventIndex = 1u << 29;

constexpr uint16_t kQueueLength = 8;  // descriptors in Pane's one queue

struct Descriptor {
  uint64_t address;
  uint32_t length;
  uint16_t flags;
  uint16_t next;
};
constexpr uint16_t kDescriptorNext = 1;   // the chain continues at `next`
constexpr uint16_t kDescriptorWrite = 2;  // the device writes this buffer

struct AvailableRing {  // driver -> device: heads of new request chains
  uint16_t flags;
  uint16_t index;
  uint16_t ring[kQueueLength];
  uint16_t unused;
};

struct UsedElement {
  uint32_t id;  // head of a finished chain
  uint32_t length;
};

struct UsedRing {  // device -> driver: finished chains
  uint16_t flags;
  uint16_t index;
  UsedElement ring[kQueueLength];
};

// The first buffer of every block request.
struct BlockRequest {
  uint32_t type;  // kBlockIn (read) or kBlockOut (write)
  uint32_t reserved;
  uint64_t sector;  // in 512-byte units
};
constexpr uint32_t kBlockIn = 0;
constexpr uint32_t kBlockOut = 1;

}  // namespace pane::virtio
