#include "vmm/shared_disk.hpp"

#include "vmm/pci.hpp"

namespace gh::vmm {
namespace {
// QEMU's ivshmem-plain: Red Hat / Qumranet vendor id; BAR 2 is the shared memory.
constexpr uint16_t vendor_qumranet = 0x1AF4;
constexpr uint16_t device_ivshmem = 0x1110;
constexpr uint32_t shared_memory_bar = 2;
}  // namespace

std::optional<SharedDisk> bring_up_shared_disk(const core::HostPlatform& platform) {
  PciBus bus(platform.pci);
  const auto fn = bus.find(vendor_qumranet, device_ivshmem);
  if (!fn) return std::nullopt;
  const auto bar = bus.assign_memory_bar(*fn, shared_memory_bar);
  if (!bar) return std::nullopt;
  return SharedDisk{.address = bar->address, .size = bar->size};
}

}  // namespace gh::vmm
