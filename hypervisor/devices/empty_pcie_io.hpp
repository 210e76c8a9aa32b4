// The PCIe I/O window of QEMU's virt machine with no I/O BAR assigned in it: as QEMU's
// unassigned I/O ports, every read returns all ones and writes are ignored (no fault).
// The host's own PCI devices (the gdb and event UARTs) are never behind it.
#pragma once

#include "devices/mmio_device.hpp"

namespace gh::devices {

class EmptyPcieIo final : public MmioDevice {
 public:
  std::optional<uint64_t> read(uint64_t, unsigned size) override {
    return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
  }
  bool write(uint64_t, unsigned, uint64_t) override { return true; }
};

}  // namespace gh::devices
