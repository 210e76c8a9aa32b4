#include "debug/vcpu_hold.hpp"

#include "tae/tae_vcpu.hpp"

namespace gh::debug {

void VcpuHold::attach(bool hold_at_start) {
  for (uint32_t i = 0; i < vm_.vcpu_count(); ++i) {
    slots_[i] = {};
    if (hold_at_start) slots_[i].mode = static_cast<uint32_t>(RunMode::hold);
    vm_.vcpu(i).attach_debug(this);
  }
}

RunMode VcpuHold::mode(const Slot& slot) const {
  return static_cast<RunMode>(__atomic_load_n(&slot.mode, __ATOMIC_ACQUIRE));
}

void VcpuHold::request_stop(uint32_t vcpu) {
  if (parked(vcpu)) return;
  vm_.vcpu(vcpu).mailbox().post(tae::VcpuMailbox::debug_stop);
  vm_.hooks().kick(vcpu);
}

bool VcpuHold::parked(uint32_t vcpu) const {
  return __atomic_load_n(&slots_[vcpu].parked, __ATOMIC_ACQUIRE) != 0;
}

bool VcpuHold::all_parked() const {
  for (uint32_t i = 0; i < vm_.vcpu_count(); ++i) {
    if (!parked(i)) return false;
  }
  return true;
}

void VcpuHold::mark_all_changed() {
  for (uint32_t i = 0; i < vm_.vcpu_count(); ++i) mark_changed(i);
}

void VcpuHold::refresh_shadows() {
  for (uint32_t i = 0; i < vm_.vcpu_count(); ++i) {
    vm_.vcpu(i).mailbox().post(tae::VcpuMailbox::flush_translations);
    if (!parked(i)) vm_.hooks().kick(i);
  }
}

void VcpuHold::release(uint32_t vcpu, RunMode run_mode) {
  Slot& slot = slots_[vcpu];
  if (!parked(vcpu)) return;
  tae::TaeVcpu& v = vm_.vcpu(vcpu);
  if (slot.changed) v.debugger_changed_state();
  slot.changed = false;
  slot.own_stop = 0;
  slot.released = true;
  slot.step_pc = v.state().pc;
  slot.step_privilege = v.hart().privilege();
  (void)v.mailbox().take(tae::VcpuMailbox::debug_stop);  // a request the vCPU beat
  __atomic_store_n(&slot.mode, static_cast<uint32_t>(run_mode), __ATOMIC_RELEASE);
  __atomic_store_n(&slot.parked, 0u, __ATOMIC_RELEASE);
  vm_.hooks().kick(vcpu);
}

std::optional<OwnStop> VcpuHold::take_own_stop(uint32_t vcpu) {
  Slot& slot = slots_[vcpu];
  if (!parked(vcpu) || slot.own_stop == 0) return std::nullopt;
  slot.own_stop = 0;
  return slot.stop;
}

FpState* VcpuHold::fp_state(uint32_t vcpu) {
  Slot& slot = slots_[vcpu];
  return parked(vcpu) && slot.fp_saved ? &slot.fp : nullptr;
}

namespace {

// Why a vCPU parks, for the event stream.
events::GdbStopReason stop_reason(bool own_stop, gdbstub::StopReason reason, bool was_stepping) {
  if (!own_stop) return events::GdbStopReason::interrupted;
  switch (reason) {
    case gdbstub::StopReason::swbreak:
    case gdbstub::StopReason::hwbreak:
      return events::GdbStopReason::breakpoint;
    case gdbstub::StopReason::watch:
    case gdbstub::StopReason::rwatch:
    case gdbstub::StopReason::awatch:
      return events::GdbStopReason::watchpoint;
    case gdbstub::StopReason::signal:
      break;
  }
  return was_stepping ? events::GdbStopReason::step_done : events::GdbStopReason::none;
}

}  // namespace

// On the vCPU's hart, once after each release: what gdb wrote reaches the hardware.
void VcpuHold::prepare_to_run(tae::TaeVcpu& vcpu, Slot& slot) {
  if (!slot.released) return;
  slot.released = false;
  const bool step = mode(slot) == RunMode::step;
  vcpu.events().gdb_state(step ? events::GdbAction::step : events::GdbAction::resume,
                          events::GdbStopReason::none, vcpu.state().pc);
  if (hart_ops_ == nullptr) return;
  if (slot.fp_changed) hart_ops_->load_fp(slot.fp);
  slot.fp_changed = false;
  hart_ops_->sync_instruction_fetch();  // breakpoints planted or removed from another hart
}

// On the vCPU's hart: from here on its state is the debugger's.
void VcpuHold::park(tae::TaeVcpu& vcpu, Slot& slot) {
  slot.window.disarm(vcpu);  // gdb may move the pc: nothing may run from a copy then
  vcpu.events().gdb_state(
      events::GdbAction::stop,
      stop_reason(slot.own_stop != 0, slot.stop.reason, mode(slot) == RunMode::step),
      vcpu.state().pc);
  if (hart_ops_ != nullptr) {
    hart_ops_->save_fp(slot.fp);
    slot.fp_saved = true;
  }
  __atomic_store_n(&slot.mode, static_cast<uint32_t>(RunMode::hold), __ATOMIC_RELAXED);
  __atomic_store_n(&slot.parked, 1u, __ATOMIC_RELEASE);
}

void VcpuHold::park_with(tae::TaeVcpu& vcpu, Slot& slot, gdbstub::StopReason reason,
                         uint64_t address) {
  slot.stop = {reason, address};
  slot.own_stop = 1;
  park(vcpu, slot);
}

bool VcpuHold::claim_breakpoint(tae::TaeVcpu& vcpu) {
  Slot& slot = slots_[vcpu.index()];
  if (slot.window.armed()) {
    const bool ran = slot.window.finished_at(vcpu.state().pc);
    slot.window.disarm(vcpu);
    if (ran) return true;  // the window's c.ebreak: the instruction ran, the guest goes on
  }
  auto gpa = memory_.fetch_gpa(vcpu, vcpu.state().pc);
  if (!gpa || !breakpoints_.planted_at(*gpa)) {
    // Ours, removed while the vCPU was taking it: run the restored instruction again.
    auto insn = vcpu.fetch_instruction();
    return insn && insn->opcode != riscv::Opcode::ebreak;
  }
  park_with(
      vcpu, slot,
      mode(slot) == RunMode::step ? gdbstub::StopReason::signal : gdbstub::StopReason::swbreak);
  return true;
}

void VcpuHold::exit_handled(tae::TaeVcpu& vcpu, const tae::HandledExit& exit) {
  auto hit = catchpoints_.check(vcpu, exit);
  if (!hit) return;
  Slot& slot = slots_[vcpu.index()];
  slot.last_catch = *hit;
  slot.catch_pending = true;
}

// A page mapped with all its rights for one instruction leaves the shadow at the next exit.
void VcpuHold::hide_exposed_page(tae::TaeVcpu& vcpu, Slot& slot) {
  if (!slot.exposed_page || vcpu.counters().exits == slot.exposed_at_exit) return;
  slot.exposed_page = false;
  vcpu.mailbox().post(tae::VcpuMailbox::flush_translations);
}

bool VcpuHold::hold(tae::TaeVcpu& vcpu, bool stop_requested) {
  Slot& slot = slots_[vcpu.index()];
  if (slot.window.armed() && !slot.window.pending(vcpu)) slot.window.disarm(vcpu);
  hide_exposed_page(vcpu, slot);
  if (parked(vcpu.index())) return true;
  prepare_to_run(vcpu, slot);
  const RunMode now = mode(slot);
  if (slot.catch_pending) {
    slot.catch_pending = false;
    park_with(vcpu, slot, gdbstub::StopReason::signal);  // right after the guest event
    return true;
  }
  if (stop_requested || now == RunMode::hold) {
    park(vcpu, slot);
    return true;
  }
  if (now == RunMode::step &&
      (vcpu.state().pc != slot.step_pc || vcpu.hart().privilege() != slot.step_privilege)) {
    park_with(vcpu, slot, gdbstub::StopReason::signal);  // the instruction completed
    return true;
  }
  return false;
}

bool VcpuHold::stepping(uint32_t vcpu) const {
  return mode(slots_[vcpu]) == RunMode::step || slots_[vcpu].window.armed();
}

}  // namespace gh::debug
