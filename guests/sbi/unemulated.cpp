// Executes an instruction that no RISC-V hart implements (all zero bits) with no trap
// vector installed. Natively the hart would loop on faults forever; the hypervisor stops
// the guest with a one-line diagnostic instead.
#include "sbi_guest.hpp"

extern "C" uint64_t guest_main(uint64_t, uint64_t) {
  guest::print("about to execute an illegal instruction\n");
  asm volatile(".4byte 0");
  guest::print("still running: the illegal instruction did not trap\n");
  return 1;
}
