// Calls from the hypervisor to the machine's own SBI firmware (OpenSBI).
#pragma once

#include <cstdint>

namespace gh::vmm {

struct SbiResult {
  int64_t error;
  uint64_t value;
};

SbiResult sbi_host_call(uint64_t extension, uint64_t function, uint64_t a0 = 0, uint64_t a1 = 0,
                        uint64_t a2 = 0);
// HSM hart_start: the hart begins at `start` with a0 = hartid, a1 = opaque.
SbiResult sbi_host_hart_start(uint64_t hartid, uint64_t start, uint64_t opaque);
// SRST: the last resort when the machine has no finisher device.
void sbi_host_shutdown(bool failure);
// Waits `ticks` of the platform timer in wfi, with the firmware timer, and leaves that
// timer off. Unlike a spin loop it lets the other harts run on QEMU's single-threaded TCG
// (-icount), which moves on to the next hart only when this one idles.
void sbi_host_sleep(uint64_t ticks);

}  // namespace gh::vmm
