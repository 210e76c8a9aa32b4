// VmDebugTarget: threads, memory, breakpoints and the all-stop resume/stop cycle.
#include "debug/vm_debug_target.hpp"

#include "debug/text_output.hpp"
#include "riscv/next_pc.hpp"
#include "riscv/trap_names.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::debug {

using gdbstub::ResumeKind;
using gdbstub::Status;
using gdbstub::StopEvent;
using gdbstub::ThreadId;

namespace {
constexpr uint32_t rekick_every_polls = 64;
constexpr unsigned step_breakpoint_kind = 2;  // c.ebreak fits before any instruction

bool is_watch(gdbstub::BreakpointType type) {
  return type == gdbstub::BreakpointType::write_watch ||
         type == gdbstub::BreakpointType::read_watch ||
         type == gdbstub::BreakpointType::access_watch;
}
}  // namespace

void VmDebugTarget::attach(bool hold_at_start, VcpuHartOps* hart_ops) {
  hold_.set_hart_ops(hart_ops);
  hold_.attach(hold_at_start);
  if (hold_at_start) {
    phase_ = Phase::stopping;  // reported once every vCPU has parked
    pending_stop_ = {1, gdbstub::gdb_signal::trap, gdbstub::StopReason::signal, 0};
  } else {
    phase_ = Phase::running;
  }
}

tae::TaeVcpu* VmDebugTarget::held_vcpu(ThreadId thread) {
  if (thread < 1 || thread > vm_.vcpu_count()) return nullptr;
  if (!hold_.parked(thread - 1)) return nullptr;
  return &vm_.vcpu(thread - 1);
}

// Whose translation breakpoints and watchpoints go through: the vCPU that stopped last,
// else any held one; in non-stop mode with all running, vCPU 0's current satp.
tae::TaeVcpu* VmDebugTarget::translating_vcpu() {
  if (tae::TaeVcpu* vcpu = held_vcpu(pending_stop_.thread)) return vcpu;
  for (uint32_t i = 0; i < vm_.vcpu_count(); ++i) {
    if (hold_.parked(i)) return &vm_.vcpu(i);
  }
  return non_stop_ && vm_.vcpu_count() > 0 ? &vm_.vcpu(0) : nullptr;
}

// --- All-stop ------------------------------------------------------------------------

void VmDebugTarget::stop_all(const StopEvent& event) {
  pending_stop_ = event;
  phase_ = Phase::stopping;
  polls_while_stopping_ = 0;
  for (uint32_t i = 0; i < vm_.vcpu_count(); ++i) hold_.request_stop(i);
}

void VmDebugTarget::look_for_own_stops() {
  for (uint32_t i = 0; i < vm_.vcpu_count(); ++i) {
    if (auto own = hold_.take_own_stop(i)) {
      return stop_all({i + 1, gdbstub::gdb_signal::trap, own->reason, own->address});
    }
  }
}

std::optional<StopEvent> VmDebugTarget::poll() {
  if (non_stop_) return poll_non_stop();
  if (phase_ == Phase::running) look_for_own_stops();
  if (phase_ != Phase::stopping) return std::nullopt;
  if (!hold_.all_parked()) {
    if (++polls_while_stopping_ % rekick_every_polls == 0) {
      for (uint32_t i = 0; i < vm_.vcpu_count(); ++i) hold_.request_stop(i);
    }
    return std::nullopt;
  }
  for (uint32_t i = 0; i < vm_.vcpu_count(); ++i) (void)hold_.take_own_stop(i);
  remove_temporary_breakpoints();
  phase_ = Phase::stopped;
  return pending_stop_;
}

void VmDebugTarget::interrupt() {
  if (non_stop_) {  // vCtrlC: every running vCPU stops, the first reports SIGINT
    uint8_t signal = gdbstub::gdb_signal::interrupt;
    for (uint32_t i = 0; i < vm_.vcpu_count(); ++i) {
      if (hold_.parked(i)) continue;
      want_stop(i, signal);
      signal = gdbstub::gdb_signal::none;
    }
    return;
  }
  if (phase_ == Phase::stopped) {
    pending_stop_ = {1, gdbstub::gdb_signal::interrupt, gdbstub::StopReason::signal, 0};
    phase_ = Phase::stopping;  // already held: reported at the next poll
    return;
  }
  if (phase_ == Phase::running) {
    stop_all({1, gdbstub::gdb_signal::interrupt, gdbstub::StopReason::signal, 0});
  }
}

// A step ends when the vCPU's pc or privilege changes: at an exit for an instruction
// the hypervisor emulates, else at a temporary breakpoint on the next instruction.
void VmDebugTarget::plant_step_breakpoint(tae::TaeVcpu& vcpu) {
  auto insn = vcpu.fetch_instruction();
  if (!insn) return;  // the fetch faults: the guest's trap handler ends the step
  const uint64_t next = riscv::next_pc(insn->bits, vcpu.state().pc, vcpu.state().x);
  if (auto gpa = memory_.fetch_gpa(vcpu, next)) {
    const bool new_page = !breakpoints_.on_page(*gpa);
    if (breakpoints_.insert(*gpa, step_breakpoint_kind, true) == BreakpointStatus::ok && new_page) {
      hold_.refresh_shadows();
    }
  }
}

void VmDebugTarget::remove_temporary_breakpoints() {
  if (breakpoints_.remove_temporary() != 0) hold_.refresh_shadows();
}

Status VmDebugTarget::resume(std::span<const gdbstub::ResumeAction> per_thread) {
  if (non_stop_) return resume_non_stop(per_thread);
  if (phase_ != Phase::stopped) return Status::invalid;
  for (size_t i = 0; i < per_thread.size() && i < vm_.vcpu_count(); ++i) {
    if (per_thread[i].kind == ResumeKind::step) plant_step_breakpoint(vm_.vcpu(i));
  }
  phase_ = Phase::running;
  for (size_t i = 0; i < per_thread.size() && i < vm_.vcpu_count(); ++i) {
    const ResumeKind kind = per_thread[i].kind;
    if (kind == ResumeKind::resume) hold_.release(i, RunMode::run);
    if (kind == ResumeKind::step) hold_.release(i, RunMode::step);
  }
  return Status::ok;
}

// --- Non-stop ------------------------------------------------------------------------

void VmDebugTarget::want_stop(uint32_t vcpu, uint8_t signal) {
  stop_wanted_[vcpu] = true;
  stop_signal_[vcpu] = signal;
  hold_.request_stop(vcpu);
}

Status VmDebugTarget::resume_non_stop(std::span<const gdbstub::ResumeAction> per_thread) {
  phase_ = Phase::running;
  for (size_t i = 0; i < per_thread.size() && i < vm_.vcpu_count(); ++i) {
    switch (per_thread[i].kind) {
      case ResumeKind::resume:
        hold_.release(i, RunMode::run);
        break;
      case ResumeKind::step:
        if (hold_.parked(i)) plant_step_breakpoint(vm_.vcpu(i));
        hold_.release(i, RunMode::step);
        break;
      case ResumeKind::stop:
        want_stop(i, gdbstub::gdb_signal::none);
        break;
      case ResumeKind::unchanged:
        break;
    }
  }
  return Status::ok;
}

// One stop at a time (call until nothing): stops of their own first, then requested ones.
std::optional<StopEvent> VmDebugTarget::poll_non_stop() {
  for (uint32_t i = 0; i < vm_.vcpu_count(); ++i) {
    if (auto own = hold_.take_own_stop(i)) {
      stop_wanted_[i] = false;
      remove_temporary_breakpoints();
      return StopEvent{i + 1, gdbstub::gdb_signal::trap, own->reason, own->address};
    }
  }
  for (uint32_t i = 0; i < vm_.vcpu_count(); ++i) {
    if (stop_wanted_[i] && hold_.parked(i)) {
      stop_wanted_[i] = false;
      return StopEvent{i + 1, stop_signal_[i], gdbstub::StopReason::signal, 0};
    }
  }
  return std::nullopt;
}

void VmDebugTarget::detach() {
  non_stop_ = false;
  stop_wanted_ = {};
  breakpoints_.remove_all();
  hold_.watches().clear();
  hold_.hw_breakpoints().clear();
  hold_.refresh_shadows();
  memory_.set_space(AddressSpace::guest_virtual);
  phase_ = Phase::running;
  for (uint32_t i = 0; i < vm_.vcpu_count(); ++i) hold_.release(i, RunMode::run);
}

void VmDebugTarget::kill() { kill_requested_ = true; }

// --- Memory and breakpoints ----------------------------------------------------------

Status VmDebugTarget::read_memory(ThreadId thread, uint64_t address, std::span<uint8_t> out) {
  tae::TaeVcpu* vcpu = held_vcpu(thread);
  if (vcpu == nullptr) return Status::fault;
  return memory_.read(*vcpu, address, out) ? Status::ok : Status::fault;
}

Status VmDebugTarget::write_memory(ThreadId thread, uint64_t address,
                                   std::span<const uint8_t> bytes) {
  tae::TaeVcpu* vcpu = held_vcpu(thread);
  if (vcpu == nullptr) return Status::fault;
  if (!memory_.write(*vcpu, address, bytes)) return Status::fault;
  hold_.mark_all_changed();  // the bytes may be a guest page table
  return Status::ok;
}

// A watch keeps its page out of every vCPU's shadow: each drops what it has mapped
// before it runs again.
Status VmDebugTarget::add_watchpoint(const gdbstub::Breakpoint& watch) {
  tae::TaeVcpu* vcpu = translating_vcpu();
  if (vcpu == nullptr) return Status::invalid;
  auto gpa = memory_.ram_gpa(*vcpu, watch.address);
  if (!gpa || watch.kind == 0) return Status::fault;
  if (!hold_.watches().insert({watch.address, *gpa, watch.kind, watch.type})) {
    return Status::invalid;
  }
  hold_.refresh_shadows();
  return Status::ok;
}

Status VmDebugTarget::remove_watchpoint(const gdbstub::Breakpoint& watch) {
  tae::TaeVcpu* vcpu = translating_vcpu();
  if (vcpu == nullptr) return Status::invalid;
  auto gpa = memory_.ram_gpa(*vcpu, watch.address);
  if (!gpa) return Status::fault;
  return hold_.watches().remove({watch.address, *gpa, watch.kind, watch.type}) ? Status::ok
                                                                               : Status::invalid;
}

// A page that gets its first breakpoint, or loses its last, changes the rights every
// shadow may give it.
Status VmDebugTarget::add_breakpoint(const gdbstub::Breakpoint& breakpoint) {
  if (is_watch(breakpoint.type)) return add_watchpoint(breakpoint);
  if (breakpoint.type == gdbstub::BreakpointType::hardware) return add_hw_breakpoint(breakpoint);
  if (breakpoint.type != gdbstub::BreakpointType::software) return Status::not_supported;
  tae::TaeVcpu* vcpu = translating_vcpu();
  if (vcpu == nullptr) return Status::invalid;
  auto gpa = memory_.ram_gpa(*vcpu, breakpoint.address);
  if (!gpa) return Status::fault;
  const bool new_page = !breakpoints_.on_page(*gpa);
  BreakpointStatus status =
      breakpoints_.insert(*gpa, static_cast<unsigned>(breakpoint.kind), false);
  if (status == BreakpointStatus::ok) {
    if (new_page) hold_.refresh_shadows();
    return Status::ok;
  }
  return status == BreakpointStatus::not_ram ? Status::fault : Status::invalid;
}

Status VmDebugTarget::remove_breakpoint(const gdbstub::Breakpoint& breakpoint) {
  if (is_watch(breakpoint.type)) return remove_watchpoint(breakpoint);
  if (breakpoint.type == gdbstub::BreakpointType::hardware) {
    return remove_hw_breakpoint(breakpoint);
  }
  if (breakpoint.type != gdbstub::BreakpointType::software) return Status::not_supported;
  tae::TaeVcpu* vcpu = translating_vcpu();
  if (vcpu == nullptr) return Status::invalid;
  auto gpa = memory_.ram_gpa(*vcpu, breakpoint.address);
  if (!gpa) return Status::fault;
  if (breakpoints_.remove(*gpa, false) != BreakpointStatus::ok) return Status::invalid;
  if (!breakpoints_.on_page(*gpa)) hold_.refresh_shadows();
  return Status::ok;
}

// Hardware breakpoints need no translation: they match the pc (or, after `monitor phys`,
// the gpa it fetches from), wherever and whenever the guest gets there.
Status VmDebugTarget::add_hw_breakpoint(const gdbstub::Breakpoint& breakpoint) {
  const bool physical = memory_.space() == AddressSpace::guest_physical;
  HwBreakpointTable& table = hold_.hw_breakpoints();
  const bool new_page = !table.on_page_of(breakpoint.address, physical);
  if (!table.insert(breakpoint.address, physical)) return Status::invalid;
  if (new_page) hold_.refresh_shadows();
  return Status::ok;
}

Status VmDebugTarget::remove_hw_breakpoint(const gdbstub::Breakpoint& breakpoint) {
  const bool physical = memory_.space() == AddressSpace::guest_physical;
  HwBreakpointTable& table = hold_.hw_breakpoints();
  if (!table.remove(breakpoint.address, physical)) return Status::invalid;
  if (!table.on_page_of(breakpoint.address, physical)) hold_.refresh_shadows();
  return Status::ok;
}

// --- Threads -------------------------------------------------------------------------

Status VmDebugTarget::thread_extra_info(ThreadId thread, gdbstub::TextSink& out) {
  if (thread < 1 || thread > vm_.vcpu_count()) return Status::invalid;
  tae::TaeVcpu& vcpu = vm_.vcpu(thread - 1);
  TextSinkBytes bytes(out);
  core::Writer w(bytes);
  w.str("vCPU ")
      .dec(thread - 1)
      .str(", mode ")
      .chr(riscv::privilege_letter(vcpu.hart().privilege()));
  switch (vcpu.run_state()) {
    case tae::TaeVcpu::RunState::running:
      w.str(", running");
      break;
    case tae::TaeVcpu::RunState::waiting:
      w.str(", in wfi");
      break;
    case tae::TaeVcpu::RunState::stopped:
      w.str(", stopped");
      break;
  }
  return Status::ok;
}

}  // namespace gh::debug
