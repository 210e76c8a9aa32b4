// Memory shared with the host through QEMU's ivshmem-plain devices (a memory-backend-file
// with share=on behind a PCI memory BAR): the launcher puts each at a PCI slot of its
// choosing and names the slot in the bootargs (gh.disk_pci, gh.events_pci).
//  - the `--disk` image itself: the guest's writes land in the file as they happen;
//  - the event stream's full-rate ring (events/shared_ring.hpp), which host tools map.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "core/host_platform.hpp"

namespace gh::vmm {

// Finds the ivshmem-plain device in PCI slot `slot` and maps its shared memory (BAR 2);
// nothing when it is absent.
std::optional<std::span<uint8_t>> bring_up_shared_memory(const core::HostPlatform& platform,
                                                         uint32_t slot);

}  // namespace gh::vmm
