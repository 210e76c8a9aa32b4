// PCI Express configuration through ECAM: enough to find a device, size and assign
// its BARs from the host bridge's windows, and enable it.
#pragma once

#include <cstdint>
#include <optional>

#include "core/host_platform.hpp"

namespace gh::vmm {

struct PciFunction {
  uint32_t bus = 0, device = 0, function = 0;
  uint64_t config = 0;  // CPU address of its configuration space
};

class PciBus {
 public:
  explicit PciBus(const core::PciHostBridge& bridge) : bridge_(bridge) {}

  std::optional<PciFunction> find(uint16_t vendor, uint16_t device) const;
  // The same, only in PCI slot (device number) `slot`.
  std::optional<PciFunction> find(uint16_t vendor, uint16_t device, uint32_t slot) const;
  // Sizes BAR `index` (an I/O BAR), gives it space from the I/O window, enables I/O
  // decoding, and returns the CPU address through which its registers are reached.
  std::optional<uint64_t> assign_io_bar(const PciFunction& fn, uint32_t index);
  // The same for memory BAR `index` (32- or 64-bit), from the 32-bit memory window, with
  // memory decoding enabled; also returns the BAR's size.
  struct MemoryBar {
    uint64_t address = 0;
    uint64_t size = 0;
  };
  std::optional<MemoryBar> assign_memory_bar(const PciFunction& fn, uint32_t index);

 private:
  uint64_t config_address(uint32_t bus, uint32_t device, uint32_t function) const;
  std::optional<PciFunction> search(uint16_t vendor, uint16_t device,
                                    std::optional<uint32_t> slot) const;

  core::PciHostBridge bridge_;
  uint64_t next_io_ = 0x1000;  // PCI I/O addresses below 4 KiB are left alone
  uint64_t next_memory_ = 0;   // offset into the 32-bit memory window
};

// The machine's one PCI bus view: every BAR assigned through it gets its own window space.
PciBus& machine_pci_bus(const core::HostPlatform& platform);

}  // namespace gh::vmm
