// TaeVcpu: the exit loop's skeleton -- after every exit, apply other vCPUs' requests,
// advance the clock, deliver a pending interrupt, and pick the shadow root.
#include "tae/tae_vcpu.hpp"

#include "riscv/sbi.hpp"
#include "riscv/trap_names.hpp"

namespace gh::tae {

using riscv::Exception;
using riscv::Privilege;
using vcpu::Next;

namespace {
// The guest may use the paging modes the shadows can hold: Sv39, and Sv48 with Sv48
// shadows. Other satp writes are ignored, as on a hart without those modes.
vcpu::HartConfig hart_config(uint32_t index, mmu::PagingMode shadow_mode) {
  vcpu::HartConfig config;
  config.hartid = index;
  config.satp_modes =
      vcpu::satp_mode_bit(riscv::satp::mode_bare) | vcpu::satp_mode_bit(riscv::satp::mode_sv39);
  if (shadow_mode == mmu::PagingMode::sv48) {
    config.satp_modes |= vcpu::satp_mode_bit(riscv::satp::mode_sv48);
  }
  return config;
}
}  // namespace

TaeVcpu::TaeVcpu(VirtualMachine& vm, uint32_t index, GuestCpuState& state,
                 mmu::PageAllocator& pages, uint64_t window_pte, mmu::PagingMode shadow_mode)
    : vm_(vm),
      index_(index),
      state_(state),
      hart_(hart_config(index, shadow_mode)),
      events_(vm.hooks()),
      pages_(pages),
      mmu_(pages, vm.host_memory(), vm.walker_memory(), &events_, window_pte, shadow_mode) {}

void TaeVcpu::park() {
  run_state_ = RunState::stopped;
  events_.lifecycle(events::LifecycleState::stopped, state_.pc);
}

// For an S-mode boot the hypervisor is the guest's firmware: leave the virtual M-level
// state as OpenSBI leaves the real one (every exception and S interrupt delegated, all
// counters readable, Sstc enabled, the FPU on, scounteren = 7), so the guest sees what
// it sees natively.
void TaeVcpu::configure_as_firmware() {
  using riscv::Csr;
  using riscv::csr_number;
  constexpr uint64_t delegated_exceptions = 0xB1FF;  // 0-8, 12, 13, 15: all but ecall from S/M
  constexpr uint64_t delegated_interrupts = 0x222;   // SSIP, STIP, SEIP
  (void)hart_.write_csr(csr_number(Csr::medeleg), delegated_exceptions);
  (void)hart_.write_csr(csr_number(Csr::mideleg), delegated_interrupts);
  (void)hart_.write_csr(csr_number(Csr::mcounteren), 0xFFFFFFFF);
  (void)hart_.write_csr(csr_number(Csr::menvcfg), riscv::envcfg::stce);
  (void)hart_.write_csr(csr_number(Csr::mstatus), riscv::mstatus::fs, riscv::mstatus::fs);
  (void)hart_.write_csr(csr_number(Csr::scounteren), 0x7);
}

void TaeVcpu::start(uint64_t entry, Privilege privilege, uint64_t a0, uint64_t a1) {
  hart_.reset();
  if (vm_.config().boot == core::BootStyle::supervisor) configure_as_firmware();
  hart_.set_privilege(privilege);
  state_.x = {};
  state_.x[reg::a0] = a0;
  state_.x[reg::a1] = a1;
  state_.pc = entry;
  run_state_ = RunState::running;
  mailbox_.set_hsm_state(riscv::sbi::hsm_state_started);
  shadow_stale_ = true;
  (void)refresh_shadow();
  events_.lifecycle(events::LifecycleState::started, entry);
}

namespace {
// The guest runs in host U-mode, so each of its ecalls reaches the hypervisor as an ecall
// from U; the guest executed it in its virtual mode, which the event stream reports.
uint64_t guest_visible_cause(uint64_t host_cause, Privilege mode) {
  if (host_cause != static_cast<uint64_t>(Exception::ecall_from_u)) return host_cause;
  switch (mode) {
    case Privilege::supervisor:
      return static_cast<uint64_t>(Exception::ecall_from_s);
    case Privilege::machine:
      return static_cast<uint64_t>(Exception::ecall_from_m);
    default:
      return host_cause;
  }
}
}  // namespace

ExitAction TaeVcpu::handle_trap(uint64_t cause, uint64_t tval) {
  ++counters_.exits;
  const uint64_t entered = vm_.hooks().time();
  const Privilege before = hart_.privilege();
  ExitAction action = ExitAction::resume();
  if ((cause & riscv::cause_interrupt_flag) == 0) {
    const uint64_t pc = state_.pc;
    const uint64_t satp_before = hart_.satp();
    handled_by_ = events::HandledBy::emulated;
    trap_instruction_ = 0;
    if (cause == static_cast<uint64_t>(Exception::breakpoint) && debug_ != nullptr &&
        debug_->claim_breakpoint(*this)) {
      handled_by_ = events::HandledBy::gdb;
      action = ExitAction::idle();
    } else {
      action = handle_exception(static_cast<Exception>(cause), tval);
    }
    events_.trap(guest_visible_cause(cause, before), pc, tval, trap_instruction_, before,
                 hart_.privilege(), handled_by_);
    if (debug_ != nullptr)
      debug_->exit_handled(*this, {cause, pc, satp_before, before, handled_by_});
  }
  action = after_exit(action);
  if (hart_.privilege() != before) events_.mode_change(state_.pc, before, hart_.privilege());
  counters_.vmm_ticks += vm_.hooks().time() - entered;
  return action;
}

void TaeVcpu::arm_fast_exits(FastExitState& fast) const {
  const bool debugger_watches = debug_ != nullptr && debug_->observes_every_exit(index_);
  fast.enabled = hart_.privilege() == Privilege::supervisor && !events_.attached() &&
                 !debugger_watches && run_state_ == RunState::running;
  copy_guest_state(hart_, fast);
}

void TaeVcpu::fold_fast_exits(FastExitState& fast) {
  if (fast.enabled == 0) return;
  fast.enabled = 0;
  if (fast.exits == 0) return;
  (void)hart_.write_csr(riscv::csr_number(riscv::Csr::sstatus), fast.sstatus, riscv::mstatus::sie);
  counters_.exits += fast.exits;
  counters_.emulated_instructions += fast.exits;
  counters_.fast_exits += fast.exits;
  fast.exits = 0;
}

void TaeVcpu::sync_guest_page_tables() {
  const uint64_t started = vm_.hooks().time();
  (void)mmu_.fence_guest_changes();
  counters_.guest_sync_ticks += vm_.hooks().time() - started;
}

ExitAction TaeVcpu::poll_idle() { return after_exit(ExitAction::resume()); }

ExitAction TaeVcpu::after_exit(ExitAction action) {
  if (action.kind != ExitAction::Kind::resume && action.kind != ExitAction::Kind::idle) {
    return action;
  }
  if (held_by_debugger()) return ExitAction::idle();
  apply_requests();
  if (run_state_ == RunState::stopped) return ExitAction::idle();
  hart_.set_time(vm_.hooks().time());
  auto irq = hart_.pending_interrupt();
  if (irq && debug_ != nullptr && debug_->stepping(index_)) irq.reset();  // a step sees none
  if (irq) {
    ++counters_.interrupts_delivered;
    if (run_state_ == RunState::waiting) events_.lifecycle(events::LifecycleState::woke, state_.pc);
    run_state_ = RunState::running;
    const uint64_t pc = state_.pc;
    const Privilege before = hart_.privilege();
    ExitAction delivered = apply(hart_.take_interrupt(*irq, state_.pc), 0);
    events_.trap(riscv::cause_interrupt_flag | static_cast<uint64_t>(*irq), pc, 0, 0, before,
                 hart_.privilege(), events::HandledBy::reflected);
    if (delivered.kind != ExitAction::Kind::resume) return delivered;
  } else if (run_state_ == RunState::waiting) {
    if (!hart_.should_wake()) return ExitAction::idle();
    run_state_ = RunState::running;
    events_.lifecycle(events::LifecycleState::woke, state_.pc);
  }
  if (!refresh_shadow()) return stop("out of shadow page-table memory", 0, 0);
  return ExitAction::resume();
}

bool TaeVcpu::held_by_debugger() {
  if (debug_ == nullptr) return false;
  return debug_->hold(*this, mailbox_.take(VcpuMailbox::debug_stop) != 0);
}

void TaeVcpu::debugger_changed_state() {
  (void)mmu_.sync_guest_changes();
  shadow_stale_ = true;
}

void TaeVcpu::apply_requests() {
  // debug_stop is for held_by_debugger() alone.
  uint32_t requests = mailbox_.take(~uint32_t{VcpuMailbox::debug_stop});
  if (requests == 0) return;
  if (requests & VcpuMailbox::start) {
    start(mailbox_.start_pc(), Privilege::supervisor, index_, mailbox_.start_opaque());
  }
  if (requests & VcpuMailbox::raise_supervisor_software) {
    (void)hart_.write_csr(riscv::csr_number(riscv::Csr::mip),
                          riscv::interrupt_bit(riscv::Interrupt::supervisor_software),
                          riscv::interrupt_bit(riscv::Interrupt::supervisor_software));
  }
  if (requests & VcpuMailbox::raise_machine_software) hart_.set_software_interrupt(true);
  if (requests & VcpuMailbox::lower_machine_software) hart_.set_software_interrupt(false);
  if (requests & VcpuMailbox::timer_compare_changed) hart_.set_mtimecmp(mailbox_.timer_compare());
  if (requests & VcpuMailbox::external_changed) {
    uint32_t levels = mailbox_.external_levels();
    hart_.set_external_interrupt(Privilege::machine, (levels & 1) != 0);
    hart_.set_external_interrupt(Privilege::supervisor, (levels & 2) != 0);
  }
  if (requests & VcpuMailbox::flush_translations) {
    mmu_.invalidate_all();
    shadow_stale_ = true;
  }
}

bool TaeVcpu::refresh_shadow() {
  if (!shadow_stale_) return true;
  auto active = mmu_.activate(hart_.privilege(), hart_.mstatus(), hart_.satp());
  if (!active) return false;
  host_satp_ = riscv::satp::make(mmu_.tables().satp_mode(), 0, active->root_hpa);
  shadow_stale_ = false;
  return true;
}

ExitAction TaeVcpu::apply(const vcpu::Outcome& outcome, unsigned length) {
  if (outcome.effects & vcpu::effect::satp_changed) {
    ++counters_.satp_writes;
    sync_guest_page_tables();
  }
  if (outcome.effects & (vcpu::effect::satp_changed | vcpu::effect::translation_changed)) {
    shadow_stale_ = true;
  }
  switch (outcome.next) {
    case Next::advance:
      state_.pc += length;
      return ExitAction::resume();
    case Next::jump:
      state_.pc = outcome.target;
      shadow_stale_ = true;  // a trap or xRET changes the privilege or status
      return ExitAction::resume();
    case Next::raise_exception:
      return deliver_exception(outcome.exception, outcome.tval);
    case Next::wait_for_interrupt:
      state_.pc += length;
      run_state_ = RunState::waiting;
      events_.lifecycle(events::LifecycleState::waiting, state_.pc);
      return ExitAction::resume();
    case Next::sfence_vma:
      state_.pc += length;
      ++counters_.sfences;
      sync_guest_page_tables();
      shadow_stale_ = true;
      return ExitAction::resume();
    case Next::ecall:
      return handle_ecall();
  }
  return stop("unknown emulation outcome", 0, 0);
}

ExitAction TaeVcpu::deliver_exception(Exception cause, uint64_t tval) {
  uint64_t pc = state_.pc;
  StopReport this_exception{"", static_cast<uint64_t>(cause), pc, tval, 0, hart_.privilege()};
  this_exception.instruction = trap_instruction_;  // fetched already if this exit needed it
  vcpu::Outcome taken = hart_.take_exception(cause, tval, pc);
  // A fault at the very address the trap goes to would repeat forever (natively the
  // hart spins there): the guest has no working trap handler.
  if (taken.next == Next::jump && taken.target == pc && counters_.exceptions_delivered > 0) {
    stop_report_ = last_exception_;
    stop_report_.reason = "trap loop, the guest has no working trap handler for its last trap";
    handled_by_ = events::HandledBy::stopped;
    return ExitAction::stop(stop_report_.reason);
  }
  ++counters_.exceptions_delivered;
  handled_by_ = events::HandledBy::reflected;
  last_exception_ = this_exception;
  return apply(taken, 0);
}

ExitAction TaeVcpu::stop(const char* reason, uint64_t cause, uint64_t tval) {
  handled_by_ = events::HandledBy::stopped;
  auto insn = fetch_instruction();
  stop_report_ = {reason, cause, state_.pc, tval, insn ? insn->bits : 0, hart_.privilege()};
  return ExitAction::stop(reason);
}

}  // namespace gh::tae
