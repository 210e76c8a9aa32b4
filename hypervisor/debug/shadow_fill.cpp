// VcpuHold::before_shadow_fill: the shadow rights the debugger keeps off pages, and the
// guest accesses that trap because of it.
//  - hardware breakpoint pages are not executable: a fetch there stops the vCPU when the
//    pc is at a breakpoint, else the instruction runs from a StepWindow (or, a jump or
//    branch, is executed at once).
//  - pages with planted breakpoints are execute-only: loads and stores there are emulated
//    against guest RAM with the breakpoints hidden (guest_access.hpp).
//  - watched pages are not mapped: an access that touches the watched bytes stops the
//    vCPU before the instruction runs; any other load or store is emulated.
// An access none of this can emulate (AMO, LR/SC; FP without hart ops) maps the page with
// all its rights until the vCPU's next exit: unchecked meanwhile.
#include "debug/guest_access.hpp"
#include "debug/vcpu_hold.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::debug {
namespace {

using FillDecision = tae::DebugHook::FillDecision;
namespace pte = riscv::pte;

gdbstub::StopReason reason_for(gdbstub::BreakpointType type) {
  switch (type) {
    case gdbstub::BreakpointType::read_watch:
      return gdbstub::StopReason::rwatch;
    case gdbstub::BreakpointType::access_watch:
      return gdbstub::StopReason::awatch;
    default:
      return gdbstub::StopReason::watch;
  }
}

}  // namespace

FillDecision VcpuHold::before_shadow_fill(tae::TaeVcpu& vcpu, const mmu::Walk& walk) {
  Slot& slot = slots_[vcpu.index()];
  const bool fetch = walk.access == mmu::AccessType::fetch;
  uint64_t withheld = 0;
  bool own_page = false;  // the stepped instruction accesses the page it runs from
  if (slot.window.armed()) {
    own_page = !fetch && slot.window.covers(walk.gva);
    // A fetch: the instruction ran (or the window went); judge the fetch anew.
    if (fetch || own_page) slot.window.disarm(vcpu);
    // A page the instruction's data is on: nothing else may run from it meanwhile.
    if (!fetch && !own_page) withheld |= pte::x;
  }
  if (fetch && hw_breakpoints_.on_page(walk.gva, walk.gpa)) return fetch_on_hw_page(vcpu, slot);
  if (!watches_.empty() && watches_.on_page(walk.gpa)) {
    return access_on_watched_page(vcpu, slot, walk);
  }
  if (own_page || (!fetch && breakpoints_.on_page(walk.gpa))) {
    return emulate_or_expose(vcpu, slot, walk);
  }
  return FillDecision::install(withheld | withheld_rights(walk));
}

uint64_t VcpuHold::withheld_rights(const mmu::Walk& walk) const {
  uint64_t rights = 0;
  if (hw_breakpoints_.on_page(walk.gva, walk.gpa)) rights |= pte::x;
  if (breakpoints_.on_page(walk.gpa)) rights |= pte::r | pte::w;
  return rights;
}

// The stub's own single step starts on a hardware breakpoint: it steps over it.
bool VcpuHold::steps_from_here(tae::TaeVcpu& vcpu, const Slot& slot) const {
  return mode(slot) == RunMode::step && vcpu.state().pc == slot.step_pc &&
         vcpu.hart().privilege() == slot.step_privilege;
}

FillDecision VcpuHold::fetch_on_hw_page(tae::TaeVcpu& vcpu, Slot& slot) {
  const uint64_t pc = vcpu.state().pc;
  if (hw_breakpoints_.at(pc, memory_.fetch_gpa(vcpu, pc)) && !steps_from_here(vcpu, slot)) {
    park_with(vcpu, slot, gdbstub::StopReason::hwbreak);
    return FillDecision::stopped();
  }
  switch (slot.window.arm(vcpu, hart_ops_)) {
    case StepWindow::Outcome::armed:
    case StepWindow::Outcome::executed:
      return FillDecision::handled();
    case StepWindow::Outcome::failed:
      break;
  }
  return expose(vcpu, slot);
}

FillDecision VcpuHold::access_on_watched_page(tae::TaeVcpu& vcpu, Slot& slot,
                                              const mmu::Walk& walk) {
  if (walk.access == mmu::AccessType::fetch) return expose(vcpu, slot);  // code on the page
  auto insn = vcpu.fetch_instruction();
  if (!insn) return expose(vcpu, slot);
  const unsigned size = insn->width != 0 ? insn->width : 1;
  if (auto watch = watches_.triggered_by(walk.gpa, size, walk.access)) {
    park_with(vcpu, slot, reason_for(watch->type), watch->gva);
    return FillDecision::stopped();
  }
  if (emulate_guest_access(vcpu, *insn, walk, breakpoints_, hart_ops_)) {
    return FillDecision::handled();
  }
  return expose(vcpu, slot);
}

FillDecision VcpuHold::emulate_or_expose(tae::TaeVcpu& vcpu, Slot& slot, const mmu::Walk& walk) {
  auto insn = vcpu.fetch_instruction();
  if (insn && emulate_guest_access(vcpu, *insn, walk, breakpoints_, hart_ops_)) {
    return FillDecision::handled();
  }
  return expose(vcpu, slot);
}

// Maps the page with every right the guest gives it, and drops it again at the vCPU's next
// exit (accesses until then are not checked).
FillDecision VcpuHold::expose(tae::TaeVcpu& vcpu, Slot& slot) {
  slot.exposed_page = true;
  slot.exposed_at_exit = vcpu.counters().exits;
  return FillDecision::install();
}

}  // namespace gh::debug
