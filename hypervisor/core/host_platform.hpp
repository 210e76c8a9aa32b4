// What the hypervisor learns about the machine it runs on, read from the device tree
// that the firmware passes in a1. Nothing here is hard-coded to QEMU's addresses.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/address_ranges.hpp"
#include "core/fdt.hpp"

namespace gh::core {

struct PciHostBridge {
  AddressRange ecam;          // configuration space (ECAM)
  AddressRange io_window;     // CPU addresses of the PCI I/O space window
  uint64_t io_bus_base = 0;   // the PCI I/O address at io_window.base
  AddressRange mem32_window;  // CPU addresses of the 32-bit memory window
  uint64_t mem32_bus_base = 0;
  uint32_t first_bus = 0, last_bus = 0;
  bool present() const { return ecam.size != 0; }
};

struct HostPlatform {
  static constexpr uint32_t max_harts = 32;
  static constexpr uint32_t max_memory = 4;
  static constexpr uint32_t max_reserved = 8;
  static constexpr uint32_t max_virtio_mmio = 16;

  std::array<AddressRange, max_memory> memory{};
  uint32_t memory_count = 0;
  std::array<uint64_t, max_harts> hart_ids{};
  uint32_t hart_count = 0;
  bool has_h_extension = false;
  uint32_t mmu_levels = 0;  // 3 for Sv39, 4 for Sv48, 5 for Sv57; 0 = no MMU
  uint64_t timebase_hz = 0;

  AddressRange uart;  // the console 16550
  uint32_t uart_reg_shift = 0;
  AddressRange test_device;  // sifive_test finisher, if any
  AddressRange plic;
  AddressRange clint;
  PciHostBridge pci;
  std::array<AddressRange, max_virtio_mmio> virtio_mmio{};  // "virtio,mmio" transports
  uint32_t virtio_mmio_count = 0;

  std::optional<AddressRange> initrd;  // the guest image the launcher passed
  std::string_view bootargs;
  std::array<AddressRange, max_reserved> reserved{};  // firmware-owned memory
  uint32_t reserved_count = 0;
};

// Reads everything the hypervisor needs into `platform`. Returns nullptr when the machine
// is usable, or what is missing (what could be read is filled in all the same, so the
// caller can still report through the console and the finisher).
const char* discover_host_platform(const DeviceTree& tree, HostPlatform& platform);

// True when a riscv,isa string ("rv64imafdch_zicsr...") names single-letter extension `ext`.
bool isa_has_extension(std::string_view isa, char ext);

}  // namespace gh::core
