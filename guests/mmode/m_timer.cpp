// M-mode boot: machine CSRs, the CLINT timer interrupt taken while the hart is busy and
// while it waits in wfi, and an mret down to S-mode and an ecall back up. Exits through
// the finisher. Every line must be the same natively (-bios none) and under the
// hypervisor.
#include "m_guest.hpp"

using namespace mguest;

namespace {

constexpr uint64_t mstatus_mie = 1ull << 3;
constexpr uint64_t mstatus_mpp = 3ull << 11;
constexpr uint64_t mie_mtie = 1ull << 7;

volatile uint64_t timer_interrupts = 0;
volatile uint64_t last_mcause = 0;
volatile uint64_t ecalls = 0;

}  // namespace

extern "C" void m_trap_vector();
asm(R"(
.text
.balign 4
.globl m_trap_vector
m_trap_vector:
  addi sp, sp, -128
  sd ra, 0(sp)
  sd a0, 8(sp)
  sd a1, 16(sp)
  sd a2, 24(sp)
  sd a3, 32(sp)
  sd a4, 40(sp)
  sd a5, 48(sp)
  sd t0, 56(sp)
  sd t1, 64(sp)
  sd t2, 72(sp)
  sd a6, 80(sp)
  sd a7, 88(sp)
  sd t3, 96(sp)
  sd t4, 104(sp)
  sd t5, 112(sp)
  sd t6, 120(sp)
  call m_trap
  ld ra, 0(sp)
  ld a0, 8(sp)
  ld a1, 16(sp)
  ld a2, 24(sp)
  ld a3, 32(sp)
  ld a4, 40(sp)
  ld a5, 48(sp)
  ld t0, 56(sp)
  ld t1, 64(sp)
  ld t2, 72(sp)
  ld a6, 80(sp)
  ld a7, 88(sp)
  ld t3, 96(sp)
  ld t4, 104(sp)
  ld t5, 112(sp)
  ld t6, 120(sp)
  addi sp, sp, 128
  mret
)");

extern "C" void m_trap() {
  uint64_t cause = CSR_READ(mcause);
  last_mcause = cause;
  if (cause == ((1ull << 63) | 7)) {
    timer_interrupts = timer_interrupts + 1;
    set_mtimecmp(0, ~0ull);
    return;
  }
  if (cause == 9) {  // ecall from S: go back to M-mode after the ecall
    ecalls = ecalls + 1;
    CSR_WRITE(mepc, CSR_READ(mepc) + 4);
    uint64_t status = CSR_READ(mstatus);
    CSR_WRITE(mstatus, status | mstatus_mpp);  // return to M
    return;
  }
  show("unexpected mcause", cause);
  m_guest_exit(3);
}

extern "C" void s_mode_code();
asm(R"(
.text
.balign 4
.globl s_mode_code
s_mode_code:
  ecall
  ret
)");

extern "C" uint64_t guest_main(uint64_t hartid) {
  print("M-mode guest on hart ");
  print_hex(hartid);
  print("\n");
  show("mhartid", CSR_READ(mhartid));
  show("misa", CSR_READ(misa));
  show("mstatus at reset", CSR_READ(mstatus));
  show("mtvec at reset", CSR_READ(mtvec));
  CSR_WRITE(mtvec, reinterpret_cast<uint64_t>(&m_trap_vector));
  CSR_WRITE(mscratch, 0x5a5a);
  show("mscratch", CSR_READ(mscratch));
  CSR_WRITE(medeleg, ~0ull);
  show("medeleg writable bits", CSR_READ(medeleg));
  CSR_WRITE(medeleg, 0);
  CSR_WRITE(mideleg, ~0ull);
  show("mideleg writable bits", CSR_READ(mideleg));
  CSR_WRITE(mideleg, 0);

  // A timer interrupt while busy.
  CSR_WRITE(mie, mie_mtie);
  CSR_WRITE(mstatus, CSR_READ(mstatus) | mstatus_mie);
  set_mtimecmp(0, mtime() + 100000);
  while (timer_interrupts == 0) {
  }
  show("mcause of the busy-loop interrupt", last_mcause);
  // A timer interrupt out of wfi.
  // wfi wakes on the pending timer with MIE clear; MIE opens only between sleeps, so the
  // interrupt cannot be taken just before a wfi that would then sleep forever.
  CSR_WRITE(mstatus, CSR_READ(mstatus) & ~mstatus_mie);
  set_mtimecmp(0, mtime() + 100000);
  while (timer_interrupts == 1) {
    asm volatile("wfi");
    CSR_WRITE(mstatus, CSR_READ(mstatus) | mstatus_mie);
    CSR_WRITE(mstatus, CSR_READ(mstatus) & ~mstatus_mie);
  }
  CSR_WRITE(mstatus, CSR_READ(mstatus) & ~mstatus_mie);  // QEMU may trap at the write above
  show("timer interrupts", timer_interrupts);

  // mret to S-mode (PMP must allow it), ecall back to M.
  CSR_WRITE(pmpaddr0, ~0ull >> 10);
  CSR_WRITE(pmpcfg0, 0x0f);
  uint64_t status = CSR_READ(mstatus);
  CSR_WRITE(mstatus, (status & ~mstatus_mpp) | (1ull << 11));
  asm volatile(
      "la t0, 1f\n"
      "csrw mepc, t0\n"
      "la ra, 2f\n"
      "mret\n"
      "1: ecall\n"
      "2: nop\n" ::
          : "t0", "ra", "memory");
  show("ecalls from S-mode", ecalls);
  show("mcause of the ecall", last_mcause);
  print("m-mode tests done\n");
  return 0;
}
