// CPU semantics seen from S-mode: CSR behaviour, exceptions, ecall from U-mode, timer
// and software interrupts. Every line it prints must be the same natively (under
// OpenSBI) and under the hypervisor.
#include "guest_traps.hpp"
#include "sbi_guest.hpp"

using namespace guest;

namespace {

constexpr uint64_t sstatus_sie = 1ull << 1;
constexpr uint64_t sstatus_spie = 1ull << 5;
constexpr uint64_t sstatus_spp = 1ull << 8;
constexpr uint64_t irq_ssi = 1ull << 1;
constexpr uint64_t irq_sti = 1ull << 5;

void show(const char* name, uint64_t value) {
  print(name);
  print(" = ");
  print_hex(value);
  print("\n");
}

void csr_behaviour() {
  show("sstatus at entry", GUEST_CSR_READ(sstatus));
  GUEST_CSR_WRITE(sscratch, 0x123456789abcdef0ull);
  show("sscratch after write", GUEST_CSR_READ(sscratch));
  uint64_t stvec = GUEST_CSR_READ(stvec);
  GUEST_CSR_WRITE(stvec, stvec | 3);  // reserved mode: the write is ignored
  show("stvec after reserved-mode write", GUEST_CSR_READ(stvec));
  GUEST_CSR_WRITE(stvec, stvec);
  GUEST_CSR_WRITE(sie, ~0ull);
  show("sie writable bits", GUEST_CSR_READ(sie));
  GUEST_CSR_WRITE(sie, 0);
  GUEST_CSR_WRITE(sip, ~0ull);
  show("sip writable bits", GUEST_CSR_READ(sip));
  GUEST_CSR_WRITE(sip, 0);
  show("scounteren", GUEST_CSR_READ(scounteren));
  show("satp at entry", GUEST_CSR_READ(satp));
  uint64_t t0 = GUEST_CSR_READ(time);
  uint64_t t1 = GUEST_CSR_READ(time);
  print(t1 >= t0 ? "time does not go backwards\n" : "time went backwards\n");
  uint64_t c0 = GUEST_CSR_READ(cycle);
  print(c0 != 0 || GUEST_CSR_READ(cycle) != 0 ? "cycle counts\n" : "cycle stuck at zero\n");
}

void exceptions() {
  uint64_t before = trap_count();
  asm volatile(".4byte 0xffffffff");
  report_trap("all-ones instruction", before);
  before = trap_count();
  asm volatile("ebreak");
  report_trap("ebreak", before);
  before = trap_count();
  uint64_t value;
  asm volatile("csrr %0, mstatus" : "=r"(value));
  report_trap("csrr mstatus from S", before);
  before = trap_count();
  asm volatile("mret");
  report_trap("mret from S", before);
  before = trap_count();
  uint64_t hole = 0x8;  // nothing lives at physical address 8 on virt
  asm volatile("ld %0, 0(%1)" : "=r"(value) : "r"(hole) : "memory");
  report_trap("load from a hole in the physical map", before);
  // A misaligned AMO is left out on purpose: QEMU 7.2 reports it as a load (4) on a
  // one-hart machine and as a store/AMO (6) on several harts (its serial vs parallel
  // atomics), and the hypervisor's host machine always has a spare hart.
  (void)value;
}

extern "C" void user_code_ecall();
asm(R"(
.text
.balign 4
user_code_ecall:
  li a7, 0x1234
  ecall
1: j 1b
)");

void ecall_from_user() {
  uint64_t before = trap_count();
  run_in_user_mode(&user_code_ecall);
  report_trap("ecall from U-mode", before);
  print((last_trap.sstatus & sstatus_spp) == 0 ? "trap came from U-mode\n"
                                               : "trap came from S-mode\n");
}

void timer_interrupt() {
  uint64_t before = trap_count();
  uint64_t now = GUEST_CSR_READ(time);
  sbi_call(gh::riscv::sbi::ext_time, gh::riscv::sbi::time_set_timer, now + 20000);
  GUEST_CSR_SET(sie, irq_sti);
  wait_in_wfi_for_trap(before);
  sbi_call(gh::riscv::sbi::ext_time, gh::riscv::sbi::time_set_timer, ~0ull);
  report_trap("timer interrupt after wfi", before);
  print((last_trap.sstatus & sstatus_spie) ? "SPIE was set\n" : "SPIE was clear\n");
}

void software_interrupt() {
  uint64_t before = trap_count();
  GUEST_CSR_SET(sie, irq_ssi);
  GUEST_CSR_SET(sip, irq_ssi);
  report_trap("SSIP pending, interrupts disabled", before);
  GUEST_CSR_SET(sstatus, sstatus_sie);
  asm volatile("nop");
  GUEST_CSR_CLEAR(sstatus, sstatus_sie);
  GUEST_CSR_CLEAR(sip, irq_ssi);
  report_trap("SSIP pending, interrupts enabled", before);
}

// sstatus.FS turns Dirty when an FP register is written, not when anything else happens
// (every CSR access below is an exit under the hypervisor).
void floating_point_state() {
  constexpr uint64_t fs = 3ull << 13, fs_clean = 2ull << 13;
  GUEST_CSR_CLEAR(sstatus, fs);
  GUEST_CSR_SET(sstatus, fs_clean);
  show("FS set Clean, after more CSR accesses", GUEST_CSR_READ(sstatus) & fs);
  asm volatile(".word 0xf20000d3" ::: "memory");  // fmv.d.x f1, zero
  show("FS after an FP register write", GUEST_CSR_READ(sstatus) & fs);
}

}  // namespace

extern "C" uint64_t guest_main(uint64_t, uint64_t) {
  install_trap_vector();
  csr_behaviour();
  exceptions();
  ecall_from_user();
  timer_interrupt();
  software_interrupt();
  floating_point_state();
  print("cpu tests done\n");
  return 0;
}
