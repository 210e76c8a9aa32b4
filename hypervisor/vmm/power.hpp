// Ending the run: QEMU exits with the guest's status through the machine's finisher.
#pragma once

#include <cstdint>

namespace gh::vmm {

// Exit codes the launcher reports besides the guest's own (see README, "Exit status").
constexpr uint32_t exit_guest_stopped = 125;     // the hypervisor stopped the guest
constexpr uint32_t exit_hypervisor_fault = 126;  // the hypervisor itself failed

void set_finisher(uint64_t base);
// 0 = pass / power off; anything else = failure with that code.
[[noreturn]] void power_off(uint32_t code);

}  // namespace gh::vmm
