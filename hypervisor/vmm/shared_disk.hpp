// `--disk` images that persist: the launcher shares the image file itself with the
// machine through QEMU's ivshmem-plain device (a memory-backend-file with share=on), and
// the hypervisor serves the device's memory BAR to the guest as its virtio-blk disk. A
// guest's writes land in the file as they happen.
#pragma once

#include <cstdint>
#include <optional>

#include "core/host_platform.hpp"

namespace gh::vmm {

struct SharedDisk {
  uint64_t address = 0;  // CPU address of the image
  uint64_t size = 0;
};

// Finds the ivshmem-plain device and maps its shared memory; nullopt when absent.
std::optional<SharedDisk> bring_up_shared_disk(const core::HostPlatform& platform);

}  // namespace gh::vmm
