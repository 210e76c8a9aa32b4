// The gdb channel's transport, chosen at boot (gh.gdb=uart|virtio): port 0 of the
// pci-serial-2x (the default; a 16550 also exists on real boards), or a virtio console
// on one of the machine's virtio-mmio transports, which moves a whole packet per exit.
#pragma once

#include "core/guest_config.hpp"
#include "core/host_platform.hpp"
#include "drivers/byte_channel.hpp"

namespace gh::vmm {

// Brings the chosen transport up and says so on the console; nullptr when it is
// missing (gdb is then off). Call after the channels and the hypervisor's page table.
drivers::ByteChannel* bring_up_gdb_transport(const core::HostPlatform& platform,
                                             core::GdbTransport transport);

}  // namespace gh::vmm
