// VirtualHart::execute: emulation of the trapped privileged instructions.
#include "vcpu/virtual_hart.hpp"

namespace gh::vcpu {

namespace ms = riscv::mstatus;
using riscv::Instruction;
using riscv::Opcode;

namespace {

// What a CSR instruction asks for: the value and mask to write (mask 0: no write).
struct CsrRequest {
  uint64_t value;
  uint64_t mask;
  bool writes;
};

CsrRequest csr_request(const Instruction& insn, uint64_t source) {
  const bool immediate = insn.opcode >= Opcode::csrrwi;
  const uint64_t operand = immediate ? static_cast<uint64_t>(insn.imm) : source;
  // csrrs/csrrc with rs1 = x0 (or uimm = 0) only read; csrrw always writes.
  const bool has_operand = insn.rs1 != 0;
  switch (insn.opcode) {
    case Opcode::csrrw:
    case Opcode::csrrwi:
      return {operand, ~0ull, true};
    case Opcode::csrrs:
    case Opcode::csrrsi:
      return {~0ull, operand, has_operand};
    default:  // csrrc, csrrci
      return {0, operand, has_operand};
  }
}

}  // namespace

Outcome VirtualHart::csr_instruction(const Instruction& insn, GuestRegisters& regs) {
  const CsrRequest request = csr_request(insn, regs[insn.rs1]);
  if (!csr_accessible(insn.csr, request.writes)) return Outcome::illegal(insn.bits);
  const uint64_t old_value = *read_csr(insn.csr);
  uint8_t effects = effect::none;
  if (request.writes) effects = write_csr(insn.csr, request.value, request.mask);
  if (insn.rd != 0) regs[insn.rd] = old_value;
  return Outcome::advance(effects);
}

// wfi: illegal in U-mode (S-mode exists) and in S-mode when mstatus.TW is set.
Outcome VirtualHart::wfi(const Instruction& insn) const {
  if (privilege_ == Privilege::user) return Outcome::illegal(insn.bits);
  if (privilege_ == Privilege::supervisor && (mstatus_ & ms::tw)) {
    return Outcome::illegal(insn.bits);
  }
  return Outcome::wait_for_interrupt();
}

// sfence.vma: illegal in U-mode and in S-mode when mstatus.TVM is set.
Outcome VirtualHart::sfence_vma(const Instruction& insn, const GuestRegisters& regs) const {
  if (privilege_ == Privilege::user) return Outcome::illegal(insn.bits);
  if (privilege_ == Privilege::supervisor && (mstatus_ & ms::tvm)) {
    return Outcome::illegal(insn.bits);
  }
  std::optional<uint64_t> vaddr, asid;
  if (insn.rs1 != 0) vaddr = regs[insn.rs1];
  if (insn.rs2 != 0) asid = regs[insn.rs2];
  return Outcome::sfence_vma(vaddr, asid);
}

Outcome VirtualHart::ecall() const {
  switch (privilege_) {
    case Privilege::user:
      return Outcome::ecall(Exception::ecall_from_u);
    case Privilege::supervisor:
      return Outcome::ecall(Exception::ecall_from_s);
    default:
      return Outcome::ecall(Exception::ecall_from_m);
  }
}

Outcome VirtualHart::execute(const Instruction& insn, GuestRegisters& regs) {
  if (insn.is_csr_access()) return csr_instruction(insn, regs);
  switch (insn.opcode) {
    case Opcode::mret:
      return mret(insn);
    case Opcode::sret:
      return sret(insn);
    case Opcode::wfi:
      return wfi(insn);
    case Opcode::sfence_vma:
      return sfence_vma(insn, regs);
    case Opcode::ecall:
      return ecall();
    case Opcode::ebreak:  // QEMU 7.2 leaves xtval 0 for ebreak
      return Outcome::raise(Exception::breakpoint, 0);
    default:
      return Outcome::illegal(insn.bits);
  }
}

}  // namespace gh::vcpu
