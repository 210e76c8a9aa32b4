#include "tae/fast_exit.hpp"

#include "vcpu/virtual_hart.hpp"

namespace gh::tae {
namespace {

uint64_t mirrored_value(const vcpu::VirtualHart& hart, riscv::Csr csr) {
  switch (csr) {
    case riscv::Csr::sie:
      return hart.sie();
    case riscv::Csr::sscratch:
      return hart.sscratch();
    case riscv::Csr::sepc:
      return hart.sepc();
    case riscv::Csr::scause:
      return hart.scause();
    case riscv::Csr::stval:
      return hart.stval();
    default:
      return 0;
  }
}

}  // namespace

void copy_guest_state(const vcpu::VirtualHart& hart, FastExitState& fast) {
  fast.sstatus = hart.sstatus();
  fast.interrupt_pending = (hart.mip() & hart.mie()) != 0 ? 1 : 0;
  fast.exits = 0;
  for (unsigned i = 0; i < mirrored_csr_count; ++i) {
    fast.mirrored[i] = mirrored_value(hart, mirrored_csrs[i]);
  }
}

}  // namespace gh::tae
