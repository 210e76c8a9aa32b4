// The gdb stub's view of a trap-and-emulate VM: each vCPU a thread (1..N), registers
// (x0-x31, pc, the virtual CSRs, `priv` = the virtual mode), guest memory through the
// selected vCPU's translation, software breakpoints planted in guest RAM (invisible to the
// guest's own loads), hardware breakpoints and watchpoints through the shadow page
// tables, all-stop and non-stop resume/step/interrupt, and monitor commands. Runs on the service
// hart: poll() it.
//
//   VmDebugTarget target(vm);
//   target.attach(wait_for_gdb);
//   GdbStub stub(target, uart);
//   loop: stub.feed(bytes); if (auto stop = target.poll()) stub.report_stop(*stop);
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/text.hpp"
#include "debug/breakpoint_table.hpp"
#include "debug/debug_memory.hpp"
#include "debug/vcpu_hold.hpp"
#include "gdbstub/target.hpp"
#include "tae/virtual_machine.hpp"

namespace gh::debug {

class VmDebugTarget final : public gdbstub::Target {
 public:
  explicit VmDebugTarget(tae::VirtualMachine& vm)
      : vm_(vm),
        breakpoints_(vm.ram()),
        memory_(vm, breakpoints_),
        hold_(vm, breakpoints_, memory_) {}

  // Call once the vCPUs exist, before they run. `hold_at_start`: every vCPU waits before
  // its first instruction until gdb resumes it; otherwise the guest runs at once.
  // `hart_ops`: what runs on the vCPU harts (FP registers, fence.i); nullptr: gdb sees
  // f0-f31 and fcsr unavailable.
  void attach(bool hold_at_start, VcpuHartOps* hart_ops = nullptr);
  // The guest runs (no stop reported yet): GdbStub::set_running() goes with it.
  bool running() const { return phase_ != Phase::stopped; }
  // Waiting for the vCPUs to park before a stop can be reported.
  bool stopping() const { return phase_ == Phase::stopping; }
  // Drives the all-stop handshake; returns the stop to report when every vCPU is held.
  std::optional<gdbstub::StopEvent> poll();
  // The session's mode (GdbStub::non_stop()): in non-stop mode each vCPU stops and runs
  // on its own and every stop is reported by itself.
  void set_non_stop(bool on) { non_stop_ = on; }
  // gdb asked to kill the guest: the hypervisor powers off.
  bool kill_requested() const { return kill_requested_; }

  // --- gdbstub::Target ------------------------------------------------------------
  uint32_t thread_count() override { return vm_.vcpu_count(); }
  gdbstub::Status read_register(gdbstub::ThreadId thread, unsigned regnum,
                                uint64_t& value) override;
  gdbstub::Status write_register(gdbstub::ThreadId thread, unsigned regnum,
                                 uint64_t value) override;
  gdbstub::Status read_memory(gdbstub::ThreadId thread, uint64_t address,
                              std::span<uint8_t> out) override;
  gdbstub::Status write_memory(gdbstub::ThreadId thread, uint64_t address,
                               std::span<const uint8_t> bytes) override;
  gdbstub::Status resume(std::span<const gdbstub::ResumeAction> per_thread) override;
  void interrupt() override;
  gdbstub::Status add_breakpoint(const gdbstub::Breakpoint& breakpoint) override;
  gdbstub::Status remove_breakpoint(const gdbstub::Breakpoint& breakpoint) override;
  gdbstub::Status thread_extra_info(gdbstub::ThreadId thread, gdbstub::TextSink& out) override;
  gdbstub::Status monitor_command(std::span<const char> command,
                                  gdbstub::TextSink& output) override;
  std::span<const unsigned> expedited_registers() override;
  bool supports_non_stop() override { return true; }
  void detach() override;
  void kill() override;

  // For tests and monitor commands.
  BreakpointTable& breakpoints() { return breakpoints_; }
  DebugMemory& memory() { return memory_; }
  VcpuHold& hold() { return hold_; }

 private:
  enum class Phase : uint8_t { stopped, running, stopping };

  // The vCPU for `thread` if it is held (its state is the debugger's), else nothing.
  tae::TaeVcpu* held_vcpu(gdbstub::ThreadId thread);
  tae::TaeVcpu* translating_vcpu();
  gdbstub::Status read_csr(tae::TaeVcpu& vcpu, unsigned regnum, uint64_t& value);
  gdbstub::Status write_csr(tae::TaeVcpu& vcpu, unsigned regnum, uint64_t value);
  gdbstub::Status read_fp(uint32_t vcpu, unsigned regnum, uint64_t& value);
  gdbstub::Status write_fp(uint32_t vcpu, unsigned regnum, uint64_t value);
  void plant_step_breakpoint(tae::TaeVcpu& vcpu);
  void catch_command(std::string_view what, core::Writer& out);
  gdbstub::Status add_watchpoint(const gdbstub::Breakpoint& watch);
  gdbstub::Status add_hw_breakpoint(const gdbstub::Breakpoint& breakpoint);
  gdbstub::Status remove_hw_breakpoint(const gdbstub::Breakpoint& breakpoint);
  void remove_temporary_breakpoints();
  gdbstub::Status remove_watchpoint(const gdbstub::Breakpoint& watch);
  void stop_all(const gdbstub::StopEvent& event);
  gdbstub::Status resume_non_stop(std::span<const gdbstub::ResumeAction> per_thread);
  std::optional<gdbstub::StopEvent> poll_non_stop();
  void want_stop(uint32_t vcpu, uint8_t signal);
  void look_for_own_stops();

  tae::VirtualMachine& vm_;
  BreakpointTable breakpoints_;
  DebugMemory memory_;
  VcpuHold hold_;
  Phase phase_ = Phase::stopped;
  gdbstub::StopEvent pending_stop_{};
  uint32_t polls_while_stopping_ = 0;
  bool kill_requested_ = false;
  bool non_stop_ = false;
  std::array<bool, tae::VirtualMachine::max_vcpus> stop_wanted_{};  // non-stop: report when parked
  std::array<uint8_t, tae::VirtualMachine::max_vcpus> stop_signal_{};
};

}  // namespace gh::debug
