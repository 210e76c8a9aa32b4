#include "vmm/pci.hpp"

#include "vmm/arch.hpp"

namespace gh::vmm {
namespace {
constexpr uint32_t cfg_vendor_device = 0x00;
constexpr uint32_t cfg_command = 0x04;
constexpr uint32_t cfg_header_type = 0x0E;
constexpr uint32_t cfg_bar0 = 0x10;
constexpr uint16_t command_io_space = 1 << 0;
constexpr uint16_t command_memory_space = 1 << 1;
constexpr uint32_t bar_is_io = 1;
constexpr uint32_t bar_type_mask = 0x6;
constexpr uint32_t bar_type_64 = 0x4;
}  // namespace

uint64_t PciBus::config_address(uint32_t bus, uint32_t device, uint32_t function) const {
  return bridge_.ecam.base +
         ((uint64_t{bus - bridge_.first_bus} << 20) | (device << 15) | (function << 12));
}

PciBus& machine_pci_bus(const core::HostPlatform& platform) {
  static PciBus bus(platform.pci);
  return bus;
}

std::optional<PciFunction> PciBus::find(uint16_t vendor, uint16_t device) const {
  return search(vendor, device, std::nullopt);
}

std::optional<PciFunction> PciBus::find(uint16_t vendor, uint16_t device, uint32_t slot) const {
  return search(vendor, device, slot);
}

std::optional<PciFunction> PciBus::search(uint16_t vendor, uint16_t device,
                                          std::optional<uint32_t> slot) const {
  if (!bridge_.present()) return std::nullopt;
  uint32_t last_bus = bridge_.last_bus;
  uint64_t buses_in_window = bridge_.ecam.size >> 20;
  if (last_bus - bridge_.first_bus >= buses_in_window) {
    last_bus = bridge_.first_bus + static_cast<uint32_t>(buses_in_window) - 1;
  }
  for (uint32_t bus = bridge_.first_bus; bus <= last_bus; ++bus) {
    for (uint32_t dev = 0; dev < 32; ++dev) {
      for (uint32_t fn = 0; fn < 8; ++fn) {
        uint64_t config = config_address(bus, dev, fn);
        uint32_t id = mmio_read<uint32_t>(config + cfg_vendor_device);
        if ((id & 0xFFFF) == 0xFFFF) {
          if (fn == 0) break;
          continue;
        }
        if ((id & 0xFFFF) == vendor && (id >> 16) == device && (!slot || *slot == dev))
          return PciFunction{bus, dev, fn, config};
        bool multi = (mmio_read<uint8_t>(config + cfg_header_type) & 0x80) != 0;
        if (fn == 0 && !multi) break;
      }
    }
  }
  return std::nullopt;
}

std::optional<uint64_t> PciBus::assign_io_bar(const PciFunction& fn, uint32_t index) {
  uint64_t bar = fn.config + cfg_bar0 + 4 * index;
  uint32_t original = mmio_read<uint32_t>(bar);
  if ((original & bar_is_io) == 0 || bridge_.io_window.size == 0) return std::nullopt;
  mmio_write<uint32_t>(bar, 0xFFFFFFFF);
  uint32_t mask = mmio_read<uint32_t>(bar) & ~3u;
  mask |= 0xFFFF0000;  // I/O BARs may decode only 16 bits
  uint64_t size = uint64_t{~mask} + 1;
  uint64_t address = (next_io_ + size - 1) & ~(size - 1);
  if (address - bridge_.io_bus_base + size > bridge_.io_window.size) return std::nullopt;
  next_io_ = address + size;
  mmio_write<uint32_t>(bar, static_cast<uint32_t>(address));
  uint16_t command = mmio_read<uint16_t>(fn.config + cfg_command);
  mmio_write<uint16_t>(fn.config + cfg_command, command | command_io_space);
  return bridge_.io_window.base + (address - bridge_.io_bus_base);
}

// Writes all ones to the BAR (both halves of a 64-bit one) and reads back the size mask.
std::optional<PciBus::MemoryBar> PciBus::assign_memory_bar(const PciFunction& fn, uint32_t index) {
  const uint64_t bar = fn.config + cfg_bar0 + 4 * index;
  const uint32_t low = mmio_read<uint32_t>(bar);
  if ((low & bar_is_io) != 0 || bridge_.mem32_window.size == 0) return std::nullopt;
  const bool wide = (low & bar_type_mask) == bar_type_64;
  mmio_write<uint32_t>(bar, 0xFFFFFFFF);
  uint64_t mask = mmio_read<uint32_t>(bar) & ~0xFull;
  if (wide) {
    mmio_write<uint32_t>(bar + 4, 0xFFFFFFFF);
    mask |= uint64_t{mmio_read<uint32_t>(bar + 4)} << 32;
  } else {
    mask |= 0xFFFFFFFF00000000ull;
  }
  const uint64_t size = ~mask + 1;
  if (size == 0 || size > bridge_.mem32_window.size) return std::nullopt;
  const uint64_t offset = (next_memory_ + size - 1) & ~(size - 1);
  if (offset + size > bridge_.mem32_window.size) return std::nullopt;
  next_memory_ = offset + size;
  const uint64_t bus_address = bridge_.mem32_bus_base + offset;
  mmio_write<uint32_t>(bar, static_cast<uint32_t>(bus_address));
  if (wide) mmio_write<uint32_t>(bar + 4, static_cast<uint32_t>(bus_address >> 32));
  const uint16_t command = mmio_read<uint16_t>(fn.config + cfg_command);
  mmio_write<uint16_t>(fn.config + cfg_command, command | command_memory_space);
  return MemoryBar{.address = bridge_.mem32_window.base + offset, .size = size};
}

}  // namespace gh::vmm
