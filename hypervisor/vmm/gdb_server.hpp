// The gdb stub on the gdb channel (port 0 of the pci-serial-2x, or a virtio console:
// vmm/gdb_transport.hpp), served by the service hart: bytes from gdb go to the GdbStub,
// its replies back to the channel (a packet at a time), and the stops of
// the vCPUs (VmDebugTarget, hypervisor/debug/) are reported as they complete.
#pragma once

#include <cstddef>

#include "core/host_platform.hpp"
#include "vmm/vm.hpp"

namespace gh::vmm {

// Brings up the gdb channel (gh.gdb) and attaches the debugger to every vCPU. Call after
// the vCPUs exist, before they run. With gh.wait_gdb=1 every vCPU waits before its first
// instruction until gdb resumes it.
void init_gdb_server(Vm& vm, const core::HostPlatform& platform);

// One round on the service hart: reads what gdb sent, reports stops. Returns the bytes
// received (0: nothing happened).
size_t poll_gdb_server();

// True for a while after gdb was active or while a stop is being collected: the service
// hart then polls without sleeping, so round trips cost no timer tick.
bool gdb_server_busy(uint64_t now);

// The guest ends with `code`: a gdb waiting for a stop hears that it exited (W packet).
void gdb_server_guest_exited(uint32_t code);

// gdb asked to kill the guest.
bool gdb_kill_requested();

}  // namespace gh::vmm
