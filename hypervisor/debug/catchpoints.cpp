#include "debug/catchpoints.hpp"

#include "riscv/trap_names.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::debug {
namespace {

// The cause and tval of the trap the guest just took, from the mode it took it in.
std::optional<CatchHit> guest_trap(tae::TaeVcpu& vcpu, uint64_t pc) {
  using riscv::Csr;
  const bool in_m = vcpu.hart().privilege() == riscv::Privilege::machine;
  auto cause = vcpu.hart().read_csr(riscv::csr_number(in_m ? Csr::mcause : Csr::scause));
  auto tval = vcpu.hart().read_csr(riscv::csr_number(in_m ? Csr::mtval : Csr::stval));
  if (!cause) return std::nullopt;
  return CatchHit{CatchKind::trap, pc, *cause, tval.value_or(0)};
}

}  // namespace

std::optional<CatchHit> Catchpoints::check(tae::TaeVcpu& vcpu, const tae::HandledExit& exit) const {
  if (!any()) return std::nullopt;
  vcpu::VirtualHart& hart = vcpu.hart();
  if (satp_writes_ && hart.satp() != exit.satp_before) {
    return CatchHit{CatchKind::satp_write, exit.pc, exit.satp_before, hart.satp()};
  }
  if (sbi_calls_ && exit.handled_by == events::HandledBy::sbi) {
    return CatchHit{CatchKind::sbi_call, exit.pc, vcpu.state().x[tae::reg::a7],
                    vcpu.state().x[tae::reg::a6]};
  }
  if (trap_causes_ != 0 && exit.handled_by == events::HandledBy::reflected) {
    auto hit = guest_trap(vcpu, exit.pc);
    if (hit && hit->before < 64 && (trap_causes_ >> hit->before) & 1) return hit;
  }
  if (mode_changes_ && hart.privilege() != exit.mode_before) {
    return CatchHit{CatchKind::mode_change, exit.pc, static_cast<uint64_t>(exit.mode_before),
                    static_cast<uint64_t>(hart.privilege())};
  }
  return std::nullopt;
}

void Catchpoints::list(core::Writer& out) const {
  if (!any()) {
    out.str("no catchpoints\n");
    return;
  }
  for (unsigned cause = 0; cause < 64; ++cause) {
    if ((trap_causes_ >> cause) & 1) {
      out.str("catch trap ").dec(cause).str(" (").str(riscv::cause_name(cause)).str(")\n");
    }
  }
  if (satp_writes_) out.str("catch satp\n");
  if (mode_changes_) out.str("catch mode\n");
  if (sbi_calls_) out.str("catch sbi\n");
}

void Catchpoints::describe(const CatchHit& hit, core::Writer& out) {
  switch (hit.kind) {
    case CatchKind::none:
      out.str("no catchpoint hit");
      break;
    case CatchKind::trap:
      out.str("trap ").dec(hit.before).str(" (").str(riscv::cause_name(hit.before));
      out.str("), tval ").hex(hit.after);
      break;
    case CatchKind::satp_write:
      out.str("satp write ").hex(hit.before).str(" -> ").hex(hit.after);
      break;
    case CatchKind::mode_change:
      out.str("mode change ")
          .chr(riscv::privilege_letter(static_cast<riscv::Privilege>(hit.before)));
      out.str(" -> ").chr(riscv::privilege_letter(static_cast<riscv::Privilege>(hit.after)));
      break;
    case CatchKind::sbi_call:
      out.str("SBI call extension ").hex(hit.before).str(" function ").dec(hit.after);
      break;
  }
  if (hit.kind != CatchKind::none) out.str(" at pc ").hex(hit.pc);
}

}  // namespace gh::debug
