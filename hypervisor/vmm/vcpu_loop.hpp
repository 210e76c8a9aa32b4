// Running a vCPU on this host hart: entering the guest in host U-mode, taking each VM
// exit to the trap-and-emulate core (tae/), idling when the guest waits.
#pragma once

#include "vmm/vm.hpp"

namespace gh::vmm {

// Prepares the vCPU's trap frame, window table, shadow page pool and TaeVcpu. Returns
// false when out of memory.
bool prepare_vcpu(Vm& vm, Vcpu& vcpu, uint64_t stack_top, uint64_t shadow_pool_base,
                  uint64_t shadow_pool_pages);

// Runs the vCPU on this hart until the guest powers off or is stopped.
[[noreturn]] void run_vcpu(Vcpu& vcpu);

}  // namespace gh::vmm
