// Stopping, holding, stepping and releasing vCPUs for the debugger: the tae::DebugHook
// each TaeVcpu calls on its own host hart, and the service hart's side of the handshake.
//
//   service hart                          vCPU's host hart (TaeVcpu, after each exit)
//   request_stop(i): mailbox debug_stop,  hold(): takes debug_stop -> parks
//                    kick                 claim_breakpoint(): our ebreak -> parks, own stop
//                                         before_shadow_fill(): a fetch at a hardware
//                                           breakpoint -> parks, own stop
//                                         hold(): a step moved the pc -> parks, own stop
//   parked(i): its state is ours now      idles until released
//   release(i, run|step)                  runs again
//
// While a vCPU is parked the service hart may read and write its registers, CSRs and
// shadow MMU; while it runs, nothing of it.
//
// Breakpoints and watchpoints keep rights off pages in every shadow (before_shadow_fill,
// in shadow_fill.cpp): a page with a planted breakpoint is execute-only (the guest's loads
// and stores there are emulated, so it never sees our ebreak), a page with a hardware
// breakpoint is not executable (each instruction there is checked, then run from a
// StepWindow), a watched page is not mapped at all.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "debug/breakpoint_table.hpp"
#include "debug/catchpoints.hpp"
#include "debug/debug_memory.hpp"
#include "debug/hw_breakpoint_table.hpp"
#include "debug/step_window.hpp"
#include "debug/vcpu_hart_ops.hpp"
#include "debug/watch_table.hpp"
#include "gdbstub/target.hpp"
#include "tae/debug_hook.hpp"
#include "tae/virtual_machine.hpp"

namespace gh::debug {

enum class RunMode : uint32_t { run, hold, step };

// A stop a vCPU made on its own: at a breakpoint, after a step, a catchpoint, a watch.
struct OwnStop {
  gdbstub::StopReason reason = gdbstub::StopReason::signal;
  uint64_t address = 0;  // watchpoints: the watched address gdb named
};

class VcpuHold final : public tae::DebugHook {
 public:
  VcpuHold(tae::VirtualMachine& vm, BreakpointTable& breakpoints, DebugMemory& memory)
      : vm_(vm), breakpoints_(breakpoints), memory_(memory) {}

  // What runs on the vCPU harts themselves (nullptr: FP registers unavailable, no
  // instruction-fetch fence). Before attach().
  void set_hart_ops(VcpuHartOps* ops) { hart_ops_ = ops; }
  // Attaches to every vCPU of the VM. `hold_at_start`: each vCPU parks before its first
  // instruction (--wait-gdb).
  void attach(bool hold_at_start);

  // --- Service hart ---------------------------------------------------------------
  void request_stop(uint32_t vcpu);
  bool parked(uint32_t vcpu) const;
  bool all_parked() const;
  // A parked vCPU runs again (RunMode::step: until its pc or privilege changes).
  void release(uint32_t vcpu, RunMode mode);
  // A stop the vCPU made on its own (breakpoint, step), once.
  std::optional<OwnStop> take_own_stop(uint32_t vcpu);
  // The FP registers a parked vCPU saved (nullptr: not available). After a write, call
  // mark_fp_changed so that the vCPU loads them before it runs.
  FpState* fp_state(uint32_t vcpu);
  void mark_fp_changed(uint32_t vcpu) { slots_[vcpu].fp_changed = true; }
  Catchpoints& catchpoints() { return catchpoints_; }
  WatchTable& watches() { return watches_; }
  HwBreakpointTable& hw_breakpoints() { return hw_breakpoints_; }
  // Breakpoints or watchpoints changed which pages must trap: every vCPU drops its shadow
  // mappings before it runs again (running ones are kicked to do it now).
  void refresh_shadows();
  // For tests: the window vCPU `vcpu` runs an instruction from.
  const StepWindow& step_window(uint32_t vcpu) const { return slots_[vcpu].window; }
  // What the vCPU's last catchpoint hit was (kind none: none yet).
  const CatchHit& last_catch(uint32_t vcpu) const { return slots_[vcpu].last_catch; }
  // The debugger changed the vCPU's state: rebuild its shadow before it runs.
  void mark_changed(uint32_t vcpu) { slots_[vcpu].changed = true; }
  void mark_all_changed();

  // --- tae::DebugHook (vCPU's host hart) ------------------------------------------
  bool claim_breakpoint(tae::TaeVcpu& vcpu) override;
  void exit_handled(tae::TaeVcpu& vcpu, const tae::HandledExit& exit) override;
  FillDecision before_shadow_fill(tae::TaeVcpu& vcpu, const mmu::Walk& walk) override;
  // Watched pages and pages holding breakpoints must stay 4 KiB in the shadow.
  bool restricts_shadow() const override {
    return !watches_.empty() || !hw_breakpoints_.empty() || breakpoints_.count() != 0;
  }
  bool hold(tae::TaeVcpu& vcpu, bool stop_requested) override;
  bool stepping(uint32_t vcpu) const override;
  // Catchpoints, a step (also one instruction from the step window of a page kept
  // non-executable), a page exposed with all rights until the next exit. Breakpoint and
  // watched pages alone do not: the fast exits are CSR instructions, not accesses.
  bool observes_every_exit(uint32_t vcpu) const override {
    return catchpoints_.any() || stepping(vcpu) || parked(vcpu) || slots_[vcpu].exposed_page;
  }
  bool holding(uint32_t vcpu) const override { return parked(vcpu); }

 private:
  struct Slot {
    uint32_t mode = static_cast<uint32_t>(RunMode::run);
    uint32_t parked = 0;    // 1: the debugger owns the vCPU's state
    uint32_t own_stop = 0;  // 1: `reason` is a stop the vCPU made itself
    OwnStop stop;
    uint64_t step_pc = 0;
    riscv::Privilege step_privilege = riscv::Privilege::machine;
    bool changed = false;  // service hart only
    bool fp_saved = false;
    bool fp_changed = false;  // written while parked, read by the vCPU after release
    bool released = false;    // set with the release; the vCPU prepares to run once
    FpState fp;
    bool exposed_page = false;  // vCPU hart: a page mapped with all rights until its next exit
    uint64_t exposed_at_exit = 0;
    StepWindow window;           // vCPU hart: an instruction on a non-executable page running
    bool catch_pending = false;  // vCPU hart: a catchpoint hit, park at the next hold()
    CatchHit last_catch;
  };
  void park(tae::TaeVcpu& vcpu, Slot& slot);
  void prepare_to_run(tae::TaeVcpu& vcpu, Slot& slot);
  void hide_exposed_page(tae::TaeVcpu& vcpu, Slot& slot);
  void park_with(tae::TaeVcpu& vcpu, Slot& slot, gdbstub::StopReason reason, uint64_t address = 0);
  RunMode mode(const Slot& slot) const;
  // shadow_fill.cpp
  FillDecision fetch_on_hw_page(tae::TaeVcpu& vcpu, Slot& slot);
  FillDecision access_on_watched_page(tae::TaeVcpu& vcpu, Slot& slot, const mmu::Walk& walk);
  FillDecision emulate_or_expose(tae::TaeVcpu& vcpu, Slot& slot, const mmu::Walk& walk);
  FillDecision expose(tae::TaeVcpu& vcpu, Slot& slot);
  uint64_t withheld_rights(const mmu::Walk& walk) const;
  bool steps_from_here(tae::TaeVcpu& vcpu, const Slot& slot) const;

  tae::VirtualMachine& vm_;
  BreakpointTable& breakpoints_;
  DebugMemory& memory_;
  VcpuHartOps* hart_ops_ = nullptr;
  Catchpoints catchpoints_;
  WatchTable watches_;
  HwBreakpointTable hw_breakpoints_;
  std::array<Slot, tae::VirtualMachine::max_vcpus> slots_{};
};

}  // namespace gh::debug
