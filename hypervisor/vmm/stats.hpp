// `./glasshouse run --stats`: per-vCPU exit and shadow-MMU counters printed when the guest
// powers off, for finding where a guest's time goes under trap-and-emulate.
#pragma once

#include "vmm/vm.hpp"

namespace gh::vmm {

void print_stats(const Vm& vm);

}  // namespace gh::vmm
