// M-mode: the few things only machine mode may do, done once per hart at boot.
// Pane runs in S-mode; M-mode stays behind only to turn CLINT timer interrupts into
// supervisor software interrupts (see machine_trap.S), unless built with Sstc.
#include <cstdint>

#include "memory_layout.hpp"
#include "riscv.hpp"

using namespace pane;
using namespace pane::riscv;

extern "C" void kernel_main();
extern "C" void machine_trap_vector();

// One 8 KiB boot stack per hart (entry.S). Each hart's scheduler keeps using it.
alignas(16) char boot_stacks[kMaxHarts][8192];

// Timer tick length in mtime units (QEMU's virt counts at 10 MHz): 10 ms.
constexpr uint64_t kTimerInterval = 100'000;

// Per-hart scratch area for machine_trap.S, pointed to by mscratch:
//   [0..2] saved a1..a3, [3] address of this hart's mtimecmp, [4] the tick length.
uint64_t machine_scratch[kMaxHarts][5];

namespace {

volatile uint64_t* mtimecmp(uint64_t hart) {
  return reinterpret_cast<volatile uint64_t*>(kClint + 0x4000 + 8 * hart);
}
volatile uint64_t* mtime() { return reinterpret_cast<volatile uint64_t*>(kClint + 0xbff8); }

// The classic scheme: M-mode owns the CLINT timer and forwards each tick to S-mode.
[[maybe_unused]] void start_machine_timer(uint64_t hart) {
  uint64_t* scratch = machine_scratch[hart];
  scratch[3] = reinterpret_cast<uint64_t>(mtimecmp(hart));
  scratch[4] = kTimerInterval;
  write_mscratch(reinterpret_cast<uint64_t>(scratch));
  write_mtvec(reinterpret_cast<uint64_t>(&machine_trap_vector));
  *mtimecmp(hart) = *mtime() + kTimerInterval;
  // mstatus.MIE stays 0: once the hart runs in S-mode, machine interrupts are taken
  // whatever MIE says. Setting it here would let a tick arrive before the mret below,
  // and the tick's own mret would leave MPP = U: the kernel would start in U-mode.
  write_mie(read_mie() | (1ull << kMachineTimer));
}

// The Sstc scheme: S-mode programs stimecmp itself; M-mode only has to allow it.
[[maybe_unused]] void allow_supervisor_timer() {
  write_menvcfg(read_menvcfg() | (1ull << 63));  // STCE: stimecmp enabled
  write_mcounteren(read_mcounteren() | 2);       // TM: S-mode may read `time`
}

void enter_supervisor_mode_at(void (*entry)()) {
  write_mstatus((read_mstatus() & ~kStatusMppMask) | kStatusMppSupervisor);
  write_mepc(reinterpret_cast<uint64_t>(entry));
  write_satp(0);  // no paging until the kernel builds its page table
}

void delegate_traps_to_supervisor() {
  write_medeleg(0xffff);
  write_mideleg(0xffff);
  uint64_t interrupts =
      (1ull << kSupervisorSoftware) | (1ull << kSupervisorTimer) | (1ull << kSupervisorExternal);
  write_sie(read_sie() | interrupts);
}

// PMP entry 0: a top-of-range region from 0 to 2^56 with read, write and execute, so
// S-mode and U-mode may touch all physical memory (page tables then restrict them).
void open_physical_memory() {
  write_pmpaddr0(0x3f'ffff'ffff'ffffull);
  write_pmpcfg0(0xf);
}

}  // namespace

extern "C" [[noreturn]] void machine_start(uint64_t hart) {
  enter_supervisor_mode_at(kernel_main);
  delegate_traps_to_supervisor();
  open_physical_memory();
#ifdef PANE_SSTC
  allow_supervisor_timer();
#else
  start_machine_timer(hart);
#endif
  write_tp(hart);  // the kernel finds its hart id (and so its Cpu) in tp
  asm volatile("mret");
  __builtin_unreachable();
}
