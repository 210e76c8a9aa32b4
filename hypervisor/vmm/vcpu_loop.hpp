// Running a vCPU: entering the guest in host U-mode, and handling each VM exit.
#pragma once

#include "vmm/vm.hpp"

namespace gh::vmm {

// Prepares the vCPU's trap frame and shadow root. Returns false when out of pages.
bool prepare_vcpu(Vm& vm, Vcpu& vcpu, uint64_t stack_top);

// Enters the guest on this hart; VM exits come back to the hypervisor and the loop
// continues until the guest powers off or is stopped.
[[noreturn]] void run_vcpu(Vcpu& vcpu);

}  // namespace gh::vmm
