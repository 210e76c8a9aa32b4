// VirtualHart trap delivery, interrupt selection, mret and sret, as QEMU 7.2 does
// them for a hart without the H extension.
#include "vcpu/virtual_hart.hpp"

namespace gh::vcpu {

namespace ms = riscv::mstatus;
using riscv::interrupt_bit;

namespace {

constexpr uint64_t kSppShift = 8;

constexpr uint64_t set_bit(uint64_t word, uint64_t bit, bool on) {
  return on ? (word | bit) : (word & ~bit);
}

// Trap vector: BASE, plus 4 * cause for interrupts in vectored mode.
constexpr uint64_t trap_target(uint64_t tvec, uint64_t cause, bool interrupt) {
  const uint64_t base = tvec & ~riscv::tvec::mode_mask;
  const bool vectored = (tvec & riscv::tvec::mode_mask) == riscv::tvec::mode_vectored;
  return base + (interrupt && vectored ? 4 * cause : 0);
}

// Default priority order (privileged spec / QEMU): MEI, MSI, MTI, SEI, SSI, STI.
constexpr Interrupt kPriorityOrder[] = {
    Interrupt::machine_external,    Interrupt::machine_software,    Interrupt::machine_timer,
    Interrupt::supervisor_external, Interrupt::supervisor_software, Interrupt::supervisor_timer,
};

std::optional<Interrupt> highest_priority(uint64_t pending) {
  for (Interrupt irq : kPriorityOrder) {
    if (pending & interrupt_bit(irq)) return irq;
  }
  return std::nullopt;
}

// The PC a return instruction jumps to: xepc with bit 0 clear (IALIGN=16).
constexpr uint64_t return_pc(uint64_t epc) { return epc & ~1ull; }

}  // namespace

Outcome VirtualHart::deliver(uint64_t cause, bool interrupt, uint64_t tval, uint64_t pc) {
  const uint64_t delegation = interrupt ? mideleg_ : medeleg_;
  const bool to_supervisor =
      privilege_ != Privilege::machine && cause < 64 && ((delegation >> cause) & 1);
  const uint64_t xcause = cause | (interrupt ? riscv::cause_interrupt_flag : 0);
  const uint64_t from = static_cast<uint64_t>(privilege_);
  if (to_supervisor) {
    mstatus_ = set_bit(mstatus_, ms::spie, mstatus_ & ms::sie);
    mstatus_ = set_bit(mstatus_, ms::spp, from != 0);
    mstatus_ &= ~ms::sie;
    scause_ = xcause;
    sepc_ = pc;
    stval_ = tval;
    privilege_ = Privilege::supervisor;
    return Outcome::jump(trap_target(stvec_, cause, interrupt), effect::translation_changed);
  }
  mstatus_ = set_bit(mstatus_, ms::mpie, mstatus_ & ms::mie);
  mstatus_ = (mstatus_ & ~ms::mpp) | (from << ms::mpp_shift);
  mstatus_ &= ~ms::mie;
  mcause_ = xcause;
  mepc_ = pc;
  mtval_ = tval;
  privilege_ = Privilege::machine;
  return Outcome::jump(trap_target(mtvec_, cause, interrupt), effect::translation_changed);
}

Outcome VirtualHart::take_exception(Exception cause, uint64_t tval, uint64_t pc) {
  return deliver(static_cast<uint64_t>(cause), false, tval, pc);
}

Outcome VirtualHart::take_interrupt(Interrupt irq, uint64_t pc) {
  return deliver(static_cast<uint64_t>(irq), true, 0, pc);
}

// M-level interrupts are enabled below M, or in M with mstatus.MIE; delegated
// ones below S, or in S with mstatus.SIE (never in M).
std::optional<Interrupt> VirtualHart::pending_interrupt() const {
  const uint64_t pending = mip() & mie_;
  const auto level = static_cast<uint8_t>(privilege_);
  const bool m_enabled = level < 3 || (mstatus_ & ms::mie);
  const bool s_enabled = level < 1 || (level == 1 && (mstatus_ & ms::sie));
  const uint64_t to_machine = m_enabled ? pending & ~mideleg_ : 0;
  if (to_machine) return highest_priority(to_machine);
  const uint64_t to_supervisor = s_enabled ? pending & mideleg_ : 0;
  return highest_priority(to_supervisor);
}

// QEMU 7.2 quirk: mret to a mode below M while no PMP entry is active raises an
// illegal-instruction exception (fixed to an access fault in QEMU 8.0).
// QEMU 7.2 does not clear mstatus.MPRV on mret/sret either (added in 8.0).
Outcome VirtualHart::mret(const riscv::Instruction& insn) {
  if (privilege_ != Privilege::machine) return Outcome::illegal(insn.bits);
  const uint64_t mpp = (mstatus_ & ms::mpp) >> ms::mpp_shift;
  if (mpp != static_cast<uint64_t>(Privilege::machine) && active_pmp_entries() == 0) {
    return Outcome::illegal(insn.bits);
  }
  mstatus_ = set_bit(mstatus_, ms::mie, mstatus_ & ms::mpie);
  mstatus_ |= ms::mpie;
  mstatus_ &= ~ms::mpp;  // MPP = U
  privilege_ = static_cast<Privilege>(mpp);
  return Outcome::jump(return_pc(mepc_), effect::translation_changed);
}

Outcome VirtualHart::sret(const riscv::Instruction& insn) {
  if (privilege_ == Privilege::user) return Outcome::illegal(insn.bits);
  if (privilege_ == Privilege::supervisor && (mstatus_ & ms::tsr)) {
    return Outcome::illegal(insn.bits);
  }
  const uint64_t spp = (mstatus_ & ms::spp) >> kSppShift;
  mstatus_ = set_bit(mstatus_, ms::sie, mstatus_ & ms::spie);
  mstatus_ |= ms::spie;
  mstatus_ &= ~ms::spp;  // SPP = U
  privilege_ = static_cast<Privilege>(spp);
  return Outcome::jump(return_pc(sepc_), effect::translation_changed);
}

}  // namespace gh::vcpu
