// One vCPU under trap-and-emulate: the guest runs in host U-mode; every trap it takes
// comes here. TaeVcpu owns the guest's virtual hart (vcpu/) and shadow MMU (mmu/),
// decides what each exit means, and updates the guest's registers and pc. It never
// touches hardware: the hypervisor's vCPU loop loads host_satp() and enters the guest.
#pragma once

#include <cstdint>
#include <optional>

#include "mmu/page_allocator.hpp"
#include "mmu/shadow_mmu.hpp"
#include "riscv/instruction.hpp"
#include "tae/debug_hook.hpp"
#include "tae/exit_action.hpp"
#include "tae/fast_exit.hpp"
#include "tae/guest_cpu_state.hpp"
#include "tae/vcpu_events.hpp"
#include "tae/vcpu_mailbox.hpp"
#include "tae/virtual_machine.hpp"
#include "vcpu/virtual_hart.hpp"

namespace gh::tae {

struct ExitCounters {
  uint64_t exits = 0;
  uint64_t emulated_instructions = 0;
  uint64_t fast_exits = 0;  // of those, handled in the trampoline (tae/fast_exit.hpp)
  uint64_t shadow_fills = 0;
  uint64_t mmio_accesses = 0;
  uint64_t sbi_calls = 0;
  uint64_t exceptions_delivered = 0;
  uint64_t interrupts_delivered = 0;
  uint64_t satp_writes = 0;       // emulated writes that changed the guest's satp
  uint64_t sfences = 0;           // emulated sfence.vma
  uint64_t vmm_ticks = 0;         // platform-timer ticks spent handling exits
  uint64_t guest_sync_ticks = 0;  // of those, re-reading guest PTEs (satp writes, sfences)
};

// What a stopped vCPU was doing, for the one-line diagnostic.
struct StopReport {
  const char* reason = "";
  uint64_t cause = 0;
  uint64_t pc = 0;
  uint64_t tval = 0;
  uint32_t instruction = 0;
  riscv::Privilege mode = riscv::Privilege::machine;
};

class TaeVcpu {
 public:
  enum class RunState : uint8_t { stopped, running, waiting };

  // `window_pte`: the level-1 entry every shadow root carries for the hypervisor's window.
  // `shadow_mode`: the host's paging mode for shadows (Sv48 when the host has it, which
  // also lets the guest use Sv48; else Sv39).
  TaeVcpu(VirtualMachine& vm, uint32_t index, GuestCpuState& state, mmu::PageAllocator& pages,
          uint64_t window_pte, mmu::PagingMode shadow_mode = mmu::PagingMode::sv39);

  // Starts the vCPU at `entry` in `privilege` with a0 and a1 set.
  void start(uint64_t entry, riscv::Privilege privilege, uint64_t a0, uint64_t a1);

  // SBI HSM hart_stop: the vCPU stops until another starts it again.
  void park();
  // Sends this vCPU's events to `stream` (nullptr: none).
  void attach_events(events::EventStream* stream) { events_.attach(stream); }
  VcpuEvents& events() { return events_; }
  // Lets a debugger stop this vCPU (nullptr: none). See tae/debug_hook.hpp.
  void attach_debug(DebugHook* hook) { debug_ = hook; }
  // A debugger changed the guest's privilege, CSRs or memory while holding the vCPU:
  // rebuild the shadow from the guest's state before it runs again.
  void debugger_changed_state();

  // One VM exit: scause and stval as the host took them.
  ExitAction handle_trap(uint64_t cause, uint64_t tval);
  // Before the guest runs: whether (and against which sstatus) the trampoline may handle
  // exits itself (tae/fast_exit.hpp). Off in virtual M and U, with the event stream, and
  // while a debugger needs every exit.
  void arm_fast_exits(FastExitState& fast) const;
  // First thing at a full exit: the fast exits' SIE changes and counts.
  void fold_fast_exits(FastExitState& fast);
  // While the vCPU is idle: looks at requests and the clock; resume when it has work.
  ExitAction poll_idle();

  // The host satp to enter the guest with (the active shadow root).
  uint64_t host_satp() const { return host_satp_; }
  // When the host timer must fire next for this vCPU's virtual timers.
  std::optional<uint64_t> timer_deadline() const {
    if (debug_ != nullptr && debug_->holding(index_)) return std::nullopt;
    return hart_.next_timer_deadline();
  }
  bool fp_enabled() const { return hart_.fp_enabled(); }
  // The host saw the guest write an FP register (host sstatus.FS went Dirty) before this
  // exit: the guest's mstatus.FS becomes Dirty, as on a real hart.
  void guest_wrote_fp() { hart_.mark_fp_dirty(); }

  uint32_t index() const { return index_; }
  RunState run_state() const { return run_state_; }
  GuestCpuState& state() { return state_; }
  vcpu::VirtualHart& hart() { return hart_; }
  VirtualMachine& vm() { return vm_; }
  VcpuMailbox& mailbox() { return mailbox_; }
  mmu::ShadowMmu& shadow() { return mmu_; }
  // The vCPU's pool of host pages (its shadow page tables come from it).
  mmu::PageAllocator& pages() { return pages_; }
  const ExitCounters& counters() const { return counters_; }
  const StopReport& stop_report() const { return stop_report_; }

  // Delivers an exception at the current pc (a trap loop stops the vCPU instead).
  ExitAction deliver_exception(riscv::Exception cause, uint64_t tval);
  // The instruction at the guest's pc, fetched through the guest's own translation.
  std::optional<riscv::Instruction> fetch_instruction();
  ExitAction stop(const char* reason, uint64_t cause, uint64_t tval);

 private:
  void configure_as_firmware();
  ExitAction handle_exception(riscv::Exception cause, uint64_t tval);
  ExitAction handle_illegal_instruction(uint64_t tval);
  std::optional<riscv::Instruction> reported_instruction(uint64_t tval);
  ExitAction handle_page_fault(mmu::AccessType access, uint64_t gva);
  ExitAction handle_ecall();
  ExitAction handle_store_misaligned(uint64_t tval);
  ExitAction emulate_mmio(const mmu::Walk& walk);
  // mprv_access.cpp: the load, store or AMO at the pc, through the guest's translation
  // (MPP's under MPRV), against RAM or a device; for MPRV and for the guest's own
  // mappings of the hypervisor's window, which the shadow can never hold.
  ExitAction emulate_data_access(mmu::AccessType faulted, uint64_t gva);
  std::optional<riscv::Exception> translate_data(uint64_t gva, unsigned width,
                                                 mmu::AccessType access, mmu::Walk (&walks)[2],
                                                 uint64_t& tval);
  bool mprv_plain(const riscv::Instruction& insn, uint64_t gpa, uint64_t second_gpa);
  ExitAction emulate_mprv_amo(const riscv::Instruction& insn, uint64_t address);
  bool mprv_amo(const riscv::Instruction& insn, uint64_t gpa);
  ExitAction apply(const vcpu::Outcome& outcome, unsigned length);
  ExitAction after_exit(ExitAction action);
  void apply_requests();
  bool refresh_shadow();
  bool same_fault_again(uint64_t gva);
  bool held_by_debugger();
  void sync_guest_page_tables();

  VirtualMachine& vm_;
  uint32_t index_;
  GuestCpuState& state_;
  vcpu::VirtualHart hart_;
  VcpuEvents events_;
  mmu::PageAllocator& pages_;
  mmu::ShadowMmu mmu_;
  VcpuMailbox mailbox_;
  DebugHook* debug_ = nullptr;
  RunState run_state_ = RunState::stopped;
  uint64_t host_satp_ = 0;
  bool shadow_stale_ = true;
  uint64_t last_fault_pc_ = ~0ull, last_fault_gva_ = ~0ull;
  uint32_t repeated_faults_ = 0;
  events::HandledBy handled_by_ = events::HandledBy::emulated;  // of the exit being handled
  uint32_t trap_instruction_ = 0;                               // its instruction, if fetched
  StopReport last_exception_;
  StopReport stop_report_;
  ExitCounters counters_;
};

}  // namespace gh::tae
