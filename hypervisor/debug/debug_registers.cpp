// VmDebugTarget: registers in gdb's RISC-V numbering. x0-x31 and pc come from the trap
// frame, CSRs from the virtual hart (the guest's view, not the host's), `priv` is the
// virtual mode. The FP registers live in the vCPU's host hart, which the hypervisor
// never touches: a parked vCPU saves them (debug/vcpu_hart_ops.hpp), else unavailable.
#include "debug/vm_debug_target.hpp"
#include "gdbstub/riscv_registers.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::debug {

using gdbstub::Status;
namespace regs = gdbstub::riscv;

namespace {

constexpr unsigned csr_count = 4096;

bool is_fp_csr(unsigned csr) {
  return csr == riscv::csr_number(riscv::Csr::fflags) ||
         csr == riscv::csr_number(riscv::Csr::frm) || csr == riscv::csr_number(riscv::Csr::fcsr);
}

bool valid_privilege(uint64_t value) {
  return value == static_cast<uint64_t>(riscv::Privilege::user) ||
         value == static_cast<uint64_t>(riscv::Privilege::supervisor) ||
         value == static_cast<uint64_t>(riscv::Privilege::machine);
}

}  // namespace

// What gdb reads after every stop (pc, and sp, fp, ra to unwind the frame): sent with
// the stop reply, a `g` round trip over the UART saved.
std::span<const unsigned> VmDebugTarget::expedited_registers() {
  static constexpr unsigned registers[] = {regs::kPc, regs::gpr_regnum(2), regs::gpr_regnum(8),
                                           regs::gpr_regnum(1)};
  return registers;
}

Status VmDebugTarget::read_register(gdbstub::ThreadId thread, unsigned regnum, uint64_t& value) {
  tae::TaeVcpu* vcpu = held_vcpu(thread);
  if (vcpu == nullptr) return Status::unavailable;
  if (regnum < regs::kPc) {
    value = vcpu->state().x[regnum];
    return Status::ok;
  }
  if (regnum == regs::kPc) {
    value = vcpu->state().pc;
    return Status::ok;
  }
  if (regnum < regs::kFirstCsr) return read_fp(thread - 1, regnum, value);
  if (regnum == regs::kPriv) {
    value = static_cast<uint64_t>(vcpu->hart().privilege());
    return Status::ok;
  }
  return read_csr(*vcpu, regnum, value);
}

Status VmDebugTarget::read_csr(tae::TaeVcpu& vcpu, unsigned regnum, uint64_t& value) {
  const unsigned csr = regnum - regs::kFirstCsr;
  if (csr >= csr_count) return Status::invalid;
  if (is_fp_csr(csr)) return read_fp(vcpu.index(), regnum, value);
  auto csr_value = vcpu.hart().read_csr(static_cast<uint16_t>(csr));
  if (!csr_value) return Status::unavailable;
  value = *csr_value;
  return Status::ok;
}

Status VmDebugTarget::write_register(gdbstub::ThreadId thread, unsigned regnum, uint64_t value) {
  tae::TaeVcpu* vcpu = held_vcpu(thread);
  if (vcpu == nullptr) return Status::invalid;
  if (regnum < regs::kPc) {
    if (regnum != 0) vcpu->state().x[regnum] = value;
    return Status::ok;
  }
  if (regnum == regs::kPc) {
    vcpu->state().pc = value;
    return Status::ok;
  }
  if (regnum < regs::kFirstCsr) return write_fp(thread - 1, regnum, value);
  if (regnum == regs::kPriv) {
    if (!valid_privilege(value)) return Status::invalid;
    vcpu->hart().set_privilege(static_cast<riscv::Privilege>(value));
    hold_.mark_changed(thread - 1);
    return Status::ok;
  }
  return write_csr(*vcpu, regnum, value);
}

Status VmDebugTarget::write_csr(tae::TaeVcpu& vcpu, unsigned regnum, uint64_t value) {
  const unsigned csr = regnum - regs::kFirstCsr;
  if (csr >= csr_count) return Status::invalid;
  if (is_fp_csr(csr)) return write_fp(vcpu.index(), regnum, value);
  if (!vcpu.hart().read_csr(static_cast<uint16_t>(csr))) return Status::invalid;
  (void)vcpu.hart().write_csr(static_cast<uint16_t>(csr), value);
  hold_.mark_changed(vcpu.index());  // satp, mstatus, ...: the shadow follows
  return Status::ok;
}

// f0-f31, fflags, frm, fcsr: from what the parked vCPU saved of its host hart's.
Status VmDebugTarget::read_fp(uint32_t vcpu, unsigned regnum, uint64_t& value) {
  const FpState* fp = hold_.fp_state(vcpu);
  if (fp == nullptr) return Status::unavailable;
  if (regnum < regs::kFirstCsr) {
    value = fp->f[regnum - regs::kFirstFpr];
    return Status::ok;
  }
  const unsigned csr = regnum - regs::kFirstCsr;
  value = csr == riscv::csr_number(riscv::Csr::fflags) ? fp->fcsr & 0x1f
          : csr == riscv::csr_number(riscv::Csr::frm)  ? (fp->fcsr >> 5) & 0x7
                                                       : fp->fcsr & 0xff;
  return Status::ok;
}

Status VmDebugTarget::write_fp(uint32_t vcpu, unsigned regnum, uint64_t value) {
  FpState* fp = hold_.fp_state(vcpu);
  if (fp == nullptr) return Status::invalid;
  if (regnum < regs::kFirstCsr) {
    fp->f[regnum - regs::kFirstFpr] = value;
  } else {
    const unsigned csr = regnum - regs::kFirstCsr;
    fp->fcsr = csr == riscv::csr_number(riscv::Csr::fflags) ? (fp->fcsr & ~0x1full) | (value & 0x1f)
               : csr == riscv::csr_number(riscv::Csr::frm)
                   ? (fp->fcsr & ~0xe0ull) | ((value & 0x7) << 5)
                   : value & 0xff;
  }
  hold_.mark_fp_changed(vcpu);
  return Status::ok;
}

}  // namespace gh::debug
