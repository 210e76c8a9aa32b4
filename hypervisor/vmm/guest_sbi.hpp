// The SBI the hypervisor offers to S-mode guests (it is their firmware).
#pragma once

#include "vmm/trap_outcome.hpp"
#include "vmm/vm.hpp"

namespace gh::vmm {

// Handles the guest's ecall: a7 = extension, a6 = function, a0..a5 = arguments;
// writes the result to a0 (error) and a1 (value).
TrapOutcome handle_guest_sbi_call(Vcpu& vcpu);

}  // namespace gh::vmm
