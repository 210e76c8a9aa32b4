#include "vmm/sbi_host.hpp"

#include "riscv/csr.hpp"
#include "riscv/sbi.hpp"
#include "vmm/arch.hpp"

namespace gh::vmm {

SbiResult sbi_host_call(uint64_t extension, uint64_t function, uint64_t a0, uint64_t a1,
                        uint64_t a2) {
  register uint64_t r_a0 asm("a0") = a0;
  register uint64_t r_a1 asm("a1") = a1;
  register uint64_t r_a2 asm("a2") = a2;
  register uint64_t r_a6 asm("a6") = function;
  register uint64_t r_a7 asm("a7") = extension;
  asm volatile("ecall" : "+r"(r_a0), "+r"(r_a1) : "r"(r_a2), "r"(r_a6), "r"(r_a7) : "memory");
  return {static_cast<int64_t>(r_a0), r_a1};
}

SbiResult sbi_host_hart_start(uint64_t hartid, uint64_t start, uint64_t opaque) {
  return sbi_host_call(riscv::sbi::ext_hsm, riscv::sbi::hsm_hart_start, hartid, start, opaque);
}

void sbi_host_shutdown(bool failure) {
  sbi_host_call(riscv::sbi::ext_srst, riscv::sbi::srst_system_reset, riscv::sbi::srst_shutdown,
                failure ? riscv::sbi::srst_reason_system_failure : riscv::sbi::srst_reason_none);
}

void sbi_host_sleep(uint64_t ticks) {
  const uint64_t timer = riscv::interrupt_bit(riscv::Interrupt::supervisor_timer);
  const bool was_enabled = (GH_CSR_READ(sie) & timer) != 0;
  GH_CSR_SET(sie, timer);  // sstatus.SIE stays 0: the pending timer ends wfi without a trap
  sbi_host_call(riscv::sbi::ext_time, riscv::sbi::time_set_timer, GH_CSR_READ(time) + ticks);
  while ((GH_CSR_READ(sip) & timer) == 0) wait_for_interrupt();
  sbi_host_call(riscv::sbi::ext_time, riscv::sbi::time_set_timer, ~0ull);
  if (!was_enabled) GH_CSR_CLEAR(sie, timer);
}

}  // namespace gh::vmm
