// What the trap-and-emulate core asks a debugger (the gdb stub, hypervisor/debug/) about
// one vCPU. TaeVcpu calls it on the vCPU's own host hart; the debugger decides when the
// vCPU stops and owns its state while it is held.
#pragma once

#include <cstdint>

#include "events/wire_format.hpp"
#include "mmu/page_table_walker.hpp"
#include "riscv/csr.hpp"

namespace gh::tae {

class TaeVcpu;

// One exception exit as TaeVcpu handled it (the vCPU's state is already updated).
struct HandledExit {
  uint64_t cause = 0;  // the host scause (an exception of the guest's, taken in host U-mode)
  uint64_t pc = 0;     // the guest's pc at the exit
  uint64_t satp_before = 0;
  riscv::Privilege mode_before = riscv::Privilege::machine;
  events::HandledBy handled_by = events::HandledBy::emulated;
};

class DebugHook {
 public:
  // The guest executed ebreak at its pc: true when the debugger planted it (the vCPU then
  // stops there, or runs the instruction again if the breakpoint was just removed); the
  // guest never sees the exception. False: the guest's own ebreak.
  virtual bool claim_breakpoint(TaeVcpu& vcpu) = 0;
  // After each exception exit is handled: catchpoints on guest events look here (a hit
  // makes the next hold() park the vCPU).
  virtual void exit_handled(TaeVcpu& vcpu, const HandledExit& exit) = 0;
  // A guest access to RAM the shadow does not map yet (`walk`: the guest's translation of
  // it). Watchpoints keep their pages out of the shadow, breakpoints keep rights off
  // theirs, and decide here: install (without the rights `withheld`, PTE R/W/X), or the
  // debugger handled the access (emulated it, or set up the instruction's execution: the
  // guest goes on from its pc), or the vCPU stopped.
  struct FillDecision {
    enum class Kind : uint8_t { install, handled, stopped };
    Kind kind = Kind::install;
    uint64_t withheld = 0;

    static constexpr FillDecision install(uint64_t withheld = 0) {
      return {Kind::install, withheld};
    }
    static constexpr FillDecision handled() { return {Kind::handled, 0}; }
    static constexpr FillDecision stopped() { return {Kind::stopped, 0}; }
  };
  virtual FillDecision before_shadow_fill(TaeVcpu& vcpu, const mmu::Walk& walk) = 0;
  // True while the debugger keeps some guest pages out of the shadow (watchpoints): fills
  // then map 4 KiB pages only, never a superpage that could cover such a page.
  virtual bool restricts_shadow() const = 0;
  // After every exit and on every idle poll, before requests, interrupts or anything
  // else: true holds the vCPU (it idles; its state belongs to the debugger until it is
  // released). `stop_requested`: the mailbox carried VcpuMailbox::debug_stop.
  virtual bool hold(TaeVcpu& vcpu, bool stop_requested) = 0;
  // A single step is in progress (gdb's, or one instruction the debugger runs on a page
  // kept non-executable): no interrupt is delivered to the guest.
  virtual bool stepping(uint32_t vcpu_index) const = 0;
  // The debugger must see every exit of this vCPU (catchpoints, a step): no exit may be
  // handled without it (tae/fast_exit.hpp). Called before each guest entry: cheap.
  virtual bool observes_every_exit(uint32_t vcpu_index) const = 0;
  // The debugger holds the vCPU: its virtual timers need no host timer.
  virtual bool holding(uint32_t vcpu_index) const = 0;

 protected:
  ~DebugHook() = default;
};

}  // namespace gh::tae
