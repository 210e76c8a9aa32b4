#include "vmm/shared_memory.hpp"

#include "vmm/pci.hpp"

namespace gh::vmm {
namespace {
// QEMU's ivshmem-plain: Red Hat / Qumranet vendor id; BAR 2 is the shared memory.
constexpr uint16_t vendor_qumranet = 0x1AF4;
constexpr uint16_t device_ivshmem = 0x1110;
constexpr uint32_t shared_memory_bar = 2;
}  // namespace

std::optional<std::span<uint8_t>> bring_up_shared_memory(const core::HostPlatform& platform,
                                                         uint32_t slot) {
  PciBus& bus = machine_pci_bus(platform);
  const auto fn = bus.find(vendor_qumranet, device_ivshmem, slot);
  if (!fn) return std::nullopt;
  const auto bar = bus.assign_memory_bar(*fn, shared_memory_bar);
  if (!bar) return std::nullopt;
  return std::span<uint8_t>{reinterpret_cast<uint8_t*>(bar->address), bar->size};
}

}  // namespace gh::vmm
