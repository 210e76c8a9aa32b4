// Traps: how the kernel is entered (system calls, faults, interrupts) and how it goes
// back to user mode. Also the clock, which counts timer ticks.
#pragma once

#include <cstdint>

namespace pane {

void trap_init_hart();  // stvec = kernel_vector; start the timer (Sstc build)
[[noreturn]] void return_to_user();

uint64_t uptime_ticks();
int sleep_ticks(uint64_t ticks);  // -1 if the process is killed meanwhile

}  // namespace pane
