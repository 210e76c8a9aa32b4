// Benchmark guest: the cost of the operations trap-and-emulate makes expensive, in
// timer ticks (10 MHz on QEMU virt). Natively none of them traps. Each operation runs in
// a loop of known shape (the operation, then addi and bnez), and an empty loop of the
// same shape is measured too, so that under QEMU's -icount (where time counts executed
// instructions) benchmarks/run.py turns the ticks into instructions per operation.
#include "guest_traps.hpp"
#include "riscv/csr.hpp"
#include "sbi_guest.hpp"

using namespace guest;

namespace {

constexpr uint64_t rounds = 20000;

uint64_t now() { return GUEST_CSR_READ(time); }

void report(const char* name, uint64_t ticks) {
  print("bench ");
  print(name);
  print(" ticks_per_op=");
  print_dec(ticks / rounds);
  print(".");
  print_dec((ticks * 10 / rounds) % 10);
  print(" ticks=");
  print_dec(ticks);
  print(" rounds=");
  print_dec(rounds);
  print("\n");
}

void measure(const char* name, void (*loop)(uint64_t)) {
  const uint64_t start = now();
  loop(rounds);
  report(name, now() - start);
}

// One gigapage mapping the guest's RAM one-to-one: enough for this code, its stack and data.
alignas(4096) uint64_t identity_table[512];

uint64_t identity_satp() {
  using namespace gh::riscv;
  constexpr uint64_t ram = 0x80000000;
  identity_table[ram >> 30] =
      ((ram >> 12) << 10) | pte::v | pte::r | pte::w | pte::x | pte::a | pte::d;
  return satp::make(satp::mode_sv39, 0, reinterpret_cast<uint64_t>(identity_table));
}

}  // namespace

// Each runs its operation `n` times, every round followed by `addi` and `bnez`.
extern "C" void loop_empty(uint64_t n);
extern "C" void loop_csr_write(uint64_t n);
extern "C" void loop_interrupt_enable_disable(uint64_t n);
extern "C" void loop_sbi_call(uint64_t n);
extern "C" void loop_plain_instructions(uint64_t n);
// A context switch's satp writes: to `paged` and back to Bare, `n` times.
extern "C" void loop_satp_switch(uint64_t n, uint64_t paged);
asm(R"(
.text
.balign 4
loop_empty:
1:addi a0, a0, -1
  bnez a0, 1b
  ret
loop_csr_write:
1:csrw sscratch, a0
  addi a0, a0, -1
  bnez a0, 1b
  ret
loop_interrupt_enable_disable:
  li t0, 2
1:csrs sstatus, t0
  csrc sstatus, t0
  addi a0, a0, -1
  bnez a0, 1b
  ret
loop_sbi_call:
  mv t0, a0
1:li a7, 0x10     /* BASE: get_spec_version */
  li a6, 0
  ecall
  addi t0, t0, -1
  bnez t0, 1b
  ret
loop_satp_switch:
1:csrw satp, a1
  csrw satp, zero
  addi a0, a0, -1
  bnez a0, 1b
  ret
loop_plain_instructions:
1:.rept 100
  addi t1, t1, 1
  .endr
  addi a0, a0, -1
  bnez a0, 1b
  ret
)");

extern "C" uint64_t guest_main(uint64_t, uint64_t) {
  measure("loop_overhead", loop_empty);
  measure("csr_write", loop_csr_write);
  measure("interrupt_enable_disable_pair", loop_interrupt_enable_disable);
  measure("sbi_call", loop_sbi_call);
  const uint64_t paged = identity_satp();
  const uint64_t start = now();
  loop_satp_switch(rounds, paged);
  report("satp_switch_pair", now() - start);
  measure("100_plain_instructions", loop_plain_instructions);
  return 0;
}
