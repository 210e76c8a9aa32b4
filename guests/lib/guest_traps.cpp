#include "guest_traps.hpp"

#include "sbi_guest.hpp"

extern "C" char guest_trap_vector[];
extern "C" char user_mode_return[];
extern "C" void enter_user_mode(uint64_t user_pc);
extern "C" char call_and_catch_return[];
extern "C" void call_and_catch(uint64_t pc);

namespace guest {

volatile TrapRecord last_trap;
volatile uint64_t resume_at = 0;

namespace {
constexpr uint64_t interrupt_flag = 1ull << 63;
constexpr uint64_t sstatus_spp = 1ull << 8;

unsigned instruction_length(uint64_t pc) {
  uint16_t low = *reinterpret_cast<const volatile uint16_t*>(pc);
  return (low & 3) == 3 ? 4 : 2;
}
}  // namespace

void install_trap_vector() {
  GUEST_CSR_WRITE(stvec, reinterpret_cast<uint64_t>(guest_trap_vector));
}

uint64_t trap_count() { return last_trap.count; }

void wait_in_wfi_for_trap(uint64_t before) {
  constexpr uint64_t sstatus_sie = 1u << 1;
  while (trap_count() == before) {
    asm volatile("wfi");
    GUEST_CSR_SET(sstatus, sstatus_sie);
    GUEST_CSR_CLEAR(sstatus, sstatus_sie);
  }
  // QEMU 7.2 sometimes takes the interrupt at the csrc with SIE already set again.
  GUEST_CSR_CLEAR(sstatus, sstatus_sie);
}

void call_catching_traps(uint64_t pc) {
  resume_at = reinterpret_cast<uint64_t>(call_and_catch_return);
  call_and_catch(pc);
  resume_at = 0;
}

void run_in_user_mode(void (*user_code)()) {
  resume_at = reinterpret_cast<uint64_t>(user_mode_return);
  enter_user_mode(reinterpret_cast<uint64_t>(user_code));
}

void report_trap(const char* name, uint64_t before) {
  print(name);
  if (last_trap.count == before) {
    print(": no trap\n");
    return;
  }
  print(": trap scause=");
  print_hex(last_trap.scause);
  print(" stval=");
  print_hex(last_trap.stval);
  print("\n");
}

}  // namespace guest

extern "C" void guest_trap(guest::TrapFrame* frame) {
  using namespace guest;
  (void)frame;
  uint64_t scause = GUEST_CSR_READ(scause);
  last_trap.scause = scause;
  last_trap.stval = GUEST_CSR_READ(stval);
  last_trap.sepc = GUEST_CSR_READ(sepc);
  last_trap.sstatus = GUEST_CSR_READ(sstatus);
  last_trap.count = last_trap.count + 1;
  if (scause & interrupt_flag) {
    // Interrupt tests disable the source in their own code; mask it here so it cannot repeat.
    GUEST_CSR_CLEAR(sie, 1ull << (scause & 63));
    return;
  }
  if (resume_at != 0) {
    GUEST_CSR_WRITE(sepc, resume_at);
    GUEST_CSR_SET(sstatus, sstatus_spp);
    resume_at = 0;
    return;
  }
  GUEST_CSR_WRITE(sepc, last_trap.sepc + instruction_length(last_trap.sepc));
}
