// A guest to be debugged by gdb (tests/debug/): known functions and globals, an
// emulated CSR write to step over, a second vCPU that spins, and a wait loop that only
// gdb ends. It finishes with status 0 when gdb has set `gdb_release` to 2, else 3, so
// the exit status tells whether gdb's writes reached the guest. Built with -g.
// Without gdb it waits forever: run it with --wait-gdb and a session.
#include "guest_traps.hpp"
#include "sbi_guest.hpp"

using namespace guest;
using namespace gh::riscv::sbi;

extern "C" char secondary_entry[];

constexpr uint64_t max_harts = 8;

volatile uint64_t counter;          // bump_counter adds to it
volatile uint64_t gdb_release;      // gdb sets it to 2 to let the guest finish
volatile uint64_t spin_count;       // grows while the guest waits for gdb
volatile uint64_t secondary_ticks;  // grows while the second vCPU spins
volatile uint64_t table[4] = {0x1111, 0x2222, 0x3333, 0x4444};

extern "C" __attribute__((noinline)) void bump_counter(uint64_t by) { counter = counter + by; }

// csrw sscratch traps to the hypervisor: a step over it ends at its exit.
extern "C" __attribute__((noinline)) void write_scratch(uint64_t value) {
  asm volatile("csrw sscratch, %0\n\tnop" ::"r"(value));
}

extern "C" __attribute__((noinline)) void wait_for_gdb() {
  while (gdb_release == 0) spin_count = spin_count + 1;
}

extern "C" void secondary_main(uint64_t, uint64_t) {
  for (;;) secondary_ticks = secondary_ticks + 1;
}

namespace {

void start_other_harts(uint64_t boot_hart) {
  for (uint64_t h = 0; h < max_harts; ++h) {
    if (h == boot_hart || sbi_call(ext_hsm, hsm_hart_get_status, h).error != 0) continue;
    (void)sbi_call(ext_hsm, hsm_hart_start, h, reinterpret_cast<uint64_t>(secondary_entry), 0);
  }
}

}  // namespace

extern "C" uint64_t guest_main(uint64_t boot_hart, uint64_t) {
  install_trap_vector();
  start_other_harts(boot_hart);
  for (int i = 0; i < 3; ++i) bump_counter(1);
  write_scratch(0x5ca1ab1e);
  print("counter = ");
  print_dec(counter);
  print("\n");
  wait_for_gdb();
  print(gdb_release == 2 ? "released by gdb\n" : "released, but not by gdb's write\n");
  return gdb_release == 2 && table[0] == 0x1111 ? 0 : 3;
}
