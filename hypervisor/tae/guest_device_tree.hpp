// The device tree a guest booted in S-mode finds in a1: its virtual `virt` machine as
// QEMU describes it (memory, harts with their interrupt controllers, UART, PLIC, CLINT,
// finisher, virtio-mmio disk), restricted to what the hypervisor offers (Sv39, no H).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/guest_config.hpp"

namespace gh::tae {

struct GuestDeviceTreeFacts {
  uint32_t vcpus = 1;
  uint64_t ram_base = 0x80000000;
  uint64_t ram_size = 0;
  uint64_t timebase_hz = 10000000;
  bool sv48 = false;  // the harts offer Sv48 (else Sv39)
};

// Writes the tree into `out`; its size, or 0 when `out` is too small.
size_t build_guest_device_tree(const GuestDeviceTreeFacts& facts, std::span<uint8_t> out);

}  // namespace gh::tae
