// Trap handling for S-mode test guests: a vector that records every trap, and helpers
// that run a piece of code and report the trap it took (or that it took none).
#pragma once

#include <cstdint>

#define GUEST_CSR_READ(name)                                  \
  ({                                                          \
    uint64_t value_;                                          \
    asm volatile("csrr %0, " #name : "=r"(value_)::"memory"); \
    value_;                                                   \
  })
#define GUEST_CSR_WRITE(name, value) \
  asm volatile("csrw " #name ", %0" ::"r"(uint64_t(value)) : "memory")
#define GUEST_CSR_SET(name, bits) \
  asm volatile("csrs " #name ", %0" ::"r"(uint64_t(bits)) : "memory")
#define GUEST_CSR_CLEAR(name, bits) \
  asm volatile("csrc " #name ", %0" ::"r"(uint64_t(bits)) : "memory")

namespace guest {

struct TrapFrame {
  uint64_t x[32];
  uint64_t pad;
  uint64_t pad2;
};

struct TrapRecord {
  uint64_t count = 0;
  uint64_t scause = 0;
  uint64_t stval = 0;
  uint64_t sepc = 0;
  uint64_t sstatus = 0;
};

// The last trap taken, and how many so far.
extern volatile TrapRecord last_trap;
// When nonzero, a synchronous trap resumes here (instead of after the faulting
// instruction) with sstatus.SPP = 1, and the address is cleared.
extern volatile uint64_t resume_at;

void install_trap_vector();

// U-mode round trips (lib/user_mode_s.S): runs `user_pc` in U-mode until it traps; the
// trap is recorded and the call returns.
void run_in_user_mode(void (*user_code)());
// Calls `pc` in S-mode; if it traps, the trap is recorded and the call returns.
void call_catching_traps(uint64_t pc);

// Prints "name: no trap" or "name: trap scause=... stval=..." for the last trap if it
// happened after `before` (a count taken with trap_count()).
uint64_t trap_count();
// Sleeps in wfi until a trap after `before` has been taken. Call it with sstatus.SIE
// clear: wfi wakes on a pending enabled interrupt even then, and SIE is opened only
// between sleeps, so an interrupt taken just before a wfi cannot leave the hart asleep.
void wait_in_wfi_for_trap(uint64_t before);
void report_trap(const char* name, uint64_t before);

}  // namespace guest
