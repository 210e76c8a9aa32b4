// Benchmark guest: the cost of the operations trap-and-emulate makes expensive, in
// timer ticks per operation (10 MHz on QEMU virt). Natively none of them traps.
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
  print("\n");
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

extern "C" uint64_t guest_main(uint64_t, uint64_t) {
  uint64_t start = now();
  for (uint64_t i = 0; i < rounds; ++i) GUEST_CSR_WRITE(sscratch, i);
  report("csr_write", now() - start);
  start = now();
  for (uint64_t i = 0; i < rounds; ++i) {
    GUEST_CSR_SET(sstatus, 2);
    GUEST_CSR_CLEAR(sstatus, 2);
  }
  report("interrupt_enable_disable_pair", now() - start);
  start = now();
  for (uint64_t i = 0; i < rounds; ++i) sbi_call(gh::riscv::sbi::ext_base, 0);
  report("sbi_call", now() - start);
  const uint64_t paged = identity_satp();
  start = now();
  for (uint64_t i = 0; i < rounds; ++i) {
    GUEST_CSR_WRITE(satp, paged);
    GUEST_CSR_WRITE(satp, 0);
  }
  report("satp_switch_pair", now() - start);
  start = now();
  volatile uint64_t sink = 0;
  for (uint64_t i = 0; i < rounds * 100; ++i) sink = sink + i;
  report("100_plain_instructions", now() - start);
  return 0;
}
