// Where QEMU 7.2's `virt` machine puts the devices a guest sees, and their PLIC sources.
// These are the guest-facing addresses only; the host platform is discovered from its
// device tree (core/).
#pragma once

#include <cstdint>

namespace gh::devices::virt {

constexpr uint64_t test_base = 0x0010'0000;  // sifive_test finisher
constexpr uint64_t test_size = 0x1000;
constexpr uint64_t clint_base = 0x0200'0000;  // ACLINT MSWI + MTIMER
constexpr uint64_t clint_size = 0x1'0000;
constexpr uint64_t plic_base = 0x0c00'0000;
constexpr uint64_t plic_size = 0x60'0000;  // room for QEMU's 512 harts x 2 contexts
constexpr uint64_t uart0_base = 0x1000'0000;
constexpr uint64_t uart0_size = 0x100;
constexpr uint32_t uart0_irq = 10;
constexpr uint64_t virtio_base = 0x1000'1000;  // slot n at virtio_base + n * virtio_stride
constexpr uint64_t virtio_stride = 0x1000;
constexpr uint32_t virtio_slots = 8;
constexpr uint32_t virtio_first_irq = 1;         // slot n raises PLIC source 1 + n
constexpr uint64_t pcie_pio_base = 0x0300'0000;  // the PCIe I/O window (no device in it)
constexpr uint64_t pcie_pio_size = 0x1'0000;
constexpr uint64_t dram_base = 0x8000'0000;

// The ids the guest memory map gives the device models (and the event stream's memory
// region and translation records carry).
enum class DeviceId : uint16_t {
  finisher,
  clint,
  plic,
  uart0,
  virtio_disk,
  virtio_empty,
  pcie_pio
};

constexpr const char* device_name(uint16_t id) {
  switch (static_cast<DeviceId>(id)) {
    case DeviceId::finisher:
      return "finisher";
    case DeviceId::clint:
      return "clint";
    case DeviceId::plic:
      return "plic";
    case DeviceId::uart0:
      return "uart";
    case DeviceId::virtio_disk:
      return "virtio-blk";
    case DeviceId::virtio_empty:
      return "virtio (empty)";
    case DeviceId::pcie_pio:
      return "pcie i/o (empty)";
  }
  return "device";
}

constexpr uint64_t virtio_slot_base(uint32_t slot) { return virtio_base + slot * virtio_stride; }
constexpr uint32_t virtio_slot_irq(uint32_t slot) { return virtio_first_irq + slot; }

}  // namespace gh::devices::virt
