// The real machine behind tae::HostHooks and mmu::HostMemory: the platform timer, the
// console UART, inter-hart interrupts through the firmware, identity-mapped memory.
#pragma once

#include "mmu/host_memory.hpp"
#include "tae/host_hooks.hpp"

namespace gh::vmm {

struct Vm;

tae::HostHooks& machine_hooks(Vm& vm, uint64_t timebase_hz);
mmu::HostMemory& identity_host_memory();

}  // namespace gh::vmm
