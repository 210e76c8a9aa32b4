// A virtio-mmio slot with no device behind it, as QEMU's virt machine has: the magic
// value, a version, device id 0 (nothing here) and QEMU's vendor id; everything else reads
// 0 and writes are ignored. Guests probe the slots and skip it.
#pragma once

#include "devices/mmio_device.hpp"
#include "devices/virtio_mmio.hpp"

namespace gh::devices {

class EmptyVirtioSlot final : public MmioDevice {
 public:
  explicit EmptyVirtioSlot(VirtioMmioVersion version) : version_(version) {}

  std::optional<uint64_t> read(uint64_t offset, unsigned size) override {
    if (size != 4 || offset % 4 != 0) return 0;
    switch (offset) {
      case 0x000:
        return VirtioMmio::magic_value;
      case 0x004:
        return static_cast<uint32_t>(version_);
      case 0x00c:
        return VirtioMmio::vendor_id;
      default:
        return 0;
    }
  }
  bool write(uint64_t, unsigned, uint64_t) override { return true; }

 private:
  VirtioMmioVersion version_;
};

}  // namespace gh::devices
