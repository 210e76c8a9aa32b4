// What the trap-and-emulate core asks a debugger (the gdb stub, hypervisor/debug/) about
// one vCPU. TaeVcpu calls it on the vCPU's own host hart; the debugger decides when the
// vCPU stops and owns its state while it is held.
#pragma once

#include <cstdint>

namespace gh::tae {

class TaeVcpu;

class DebugHook {
 public:
  // The guest executed ebreak at its pc: true when the debugger planted it. The vCPU then
  // stops there and the guest never sees the exception.
  virtual bool claim_breakpoint(TaeVcpu& vcpu) = 0;
  // After every exit and on every idle poll, before requests, interrupts or anything
  // else: true holds the vCPU (it idles; its state belongs to the debugger until it is
  // released). `stop_requested`: the mailbox carried VcpuMailbox::debug_stop.
  virtual bool hold(TaeVcpu& vcpu, bool stop_requested) = 0;
  // A single step is in progress: no interrupt is delivered to the guest.
  virtual bool stepping(uint32_t vcpu_index) const = 0;
  // The debugger holds the vCPU: its virtual timers need no host timer.
  virtual bool holding(uint32_t vcpu_index) const = 0;

 protected:
  ~DebugHook() = default;
};

}  // namespace gh::tae
