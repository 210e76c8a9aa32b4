#include "demo_machine.hpp"

#include <string>

#include "gdbstub/riscv_registers.hpp"

namespace gh::demo {

namespace {

using gdbstub::BreakpointType;
using gdbstub::ResumeKind;
using gdbstub::StopEvent;
using gdbstub::StopReason;
namespace gdb_signal = gdbstub::gdb_signal;
namespace regs = gdbstub::riscv;

constexpr unsigned kMhartid = regs::csr_regnum(riscv::Csr::mhartid);
constexpr unsigned kMisa = regs::csr_regnum(riscv::Csr::misa);
constexpr uint64_t kMisaRv64I = (2ull << 62) | (1ull << ('I' - 'A'));
constexpr uint64_t kMachineMode = 3;
constexpr int kInstructionsPerSlice = 2000;

bool overlaps(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size) {
  return a < b + b_size && b < a + a_size;
}

}  // namespace

DemoMachine::DemoMachine() { reset(kRamBase); }

void DemoMachine::reset(uint64_t entry) {
  for (uint32_t i = 0; i < kHarts; ++i) {
    harts_[i] = Hart{};
    harts_[i].pc = entry;
    harts_[i].hart_id = i;
    harts_[i].x[10] = i;  // a0 = hartid, as the firmware hands it over
    run_states_[i] = RunState::stopped;
  }
}

bool DemoMachine::any_running() const {
  for (RunState state : run_states_) {
    if (state != RunState::stopped) return true;
  }
  return false;
}

Status DemoMachine::read_register(ThreadId thread, unsigned regnum, uint64_t& value) {
  if (thread < 1 || thread > hart_count_) return Status::invalid;
  const Hart& hart = harts_[thread - 1];
  if (regnum < 32) {
    value = hart.x[regnum];
  } else if (regnum == regs::kPc) {
    value = hart.pc;
  } else if (regnum == kMhartid) {
    value = hart.hart_id;
  } else if (regnum == kMisa) {
    value = kMisaRv64I;
  } else if (regnum == regs::kPriv) {
    value = kMachineMode;
  } else {
    const auto& others = other_registers_[thread - 1];
    const auto found = others.find(regnum);
    value = found == others.end() ? 0 : found->second;
  }
  return Status::ok;
}

Status DemoMachine::write_register(ThreadId thread, unsigned regnum, uint64_t value) {
  if (thread < 1 || thread > hart_count_) return Status::invalid;
  Hart& hart = harts_[thread - 1];
  if (regnum < 32) {
    if (regnum != 0) hart.x[regnum] = value;
  } else if (regnum == regs::kPc) {
    hart.pc = value;
  } else if (regnum == kMhartid || regnum == kMisa || regnum == regs::kPriv) {
    return Status::invalid;  // read-only here
  } else {
    other_registers_[thread - 1][regnum] = value;
  }
  return Status::ok;
}

Status DemoMachine::read_memory(ThreadId, uint64_t address, std::span<uint8_t> out) {
  if (!memory_.contains(address, out.size())) return Status::fault;
  for (size_t i = 0; i < out.size(); ++i) {
    uint64_t byte = 0;
    memory_.read(address + i, 1, byte);
    out[i] = static_cast<uint8_t>(byte);
  }
  return Status::ok;
}

Status DemoMachine::write_memory(ThreadId, uint64_t address, std::span<const uint8_t> bytes) {
  if (!memory_.contains(address, bytes.size())) return Status::fault;
  for (size_t i = 0; i < bytes.size(); ++i) memory_.write(address + i, 1, bytes[i]);
  return Status::ok;
}

Status DemoMachine::resume(std::span<const ResumeAction> per_thread) {
  for (uint32_t i = 0; i < per_thread.size() && i < hart_count_; ++i) {
    switch (per_thread[i].kind) {
      case ResumeKind::unchanged:
        break;
      case ResumeKind::resume:
        run_states_[i] = RunState::running;
        break;
      case ResumeKind::step:
        run_states_[i] = RunState::stepping;
        break;
      case ResumeKind::stop:
        if (run_states_[i] != RunState::stopped) {
          run_states_[i] = RunState::stopped;
          if (stub_) stub_->report_stop({i + 1, gdb_signal::none, StopReason::signal, 0});
        }
        break;
    }
  }
  return Status::ok;
}

void DemoMachine::detach() {
  breakpoints_.clear();
  interrupt_pending_ = false;
  for (uint32_t i = 0; i < hart_count_; ++i) run_states_[i] = RunState::running;
}

Status DemoMachine::add_breakpoint(const Breakpoint& breakpoint) {
  if (breakpoint.type == BreakpointType::software || breakpoint.type == BreakpointType::hardware) {
    if (!memory_.contains(breakpoint.address, 4)) return Status::fault;
  }
  breakpoints_.push_back(breakpoint);
  return Status::ok;
}

Status DemoMachine::remove_breakpoint(const Breakpoint& breakpoint) {
  for (auto it = breakpoints_.begin(); it != breakpoints_.end(); ++it) {
    if (it->type == breakpoint.type && it->address == breakpoint.address) {
      breakpoints_.erase(it);
      return Status::ok;
    }
  }
  return Status::invalid;
}

Status DemoMachine::thread_extra_info(ThreadId thread, gdbstub::TextSink& out) {
  if (thread < 1 || thread > hart_count_) return Status::invalid;
  const std::string text = "hart " + std::to_string(thread - 1) + ", M-mode";
  out.write(std::span<const char>(text.data(), text.size()));
  return Status::ok;
}

Status DemoMachine::monitor_command(std::span<const char> command, gdbstub::TextSink& output) {
  const std::string text(command.begin(), command.end());
  if (text == "help") {
    output.write("glasshouse demo target: monitor help | monitor harts\n");
    return Status::ok;
  }
  if (text == "harts") {
    for (uint32_t i = 0; i < hart_count_; ++i) {
      char line[80];
      std::snprintf(line, sizeof line, "hart %u pc=0x%llx\n", i,
                    static_cast<unsigned long long>(harts_[i].pc));
      output.write(line);
    }
    return Status::ok;
  }
  return Status::not_supported;
}

std::optional<StopEvent> DemoMachine::check_watchpoints(uint32_t index) {
  const auto access = harts_[index].next_data_access(memory_);
  if (!access) return std::nullopt;
  for (const Breakpoint& watch : breakpoints_) {
    if (!overlaps(access->address, access->size, watch.address, watch.kind)) continue;
    const bool hit = watch.type == BreakpointType::access_watch ||
                     (watch.type == BreakpointType::write_watch && access->is_store) ||
                     (watch.type == BreakpointType::read_watch && !access->is_store);
    if (!hit) continue;
    const StopReason reason = watch.type == BreakpointType::write_watch  ? StopReason::watch
                              : watch.type == BreakpointType::read_watch ? StopReason::rwatch
                                                                         : StopReason::awatch;
    return StopEvent{index + 1, gdb_signal::trap, reason, watch.address};
  }
  return std::nullopt;
}

// One instruction of hart `index`, with breakpoints and watchpoints checked before it
// (as RISC-V triggers fire: the instruction has not executed when the stop is reported).
std::optional<StopEvent> DemoMachine::execute_one(uint32_t index) {
  Hart& hart = harts_[index];
  const ThreadId thread = index + 1;
  if (run_states_[index] == RunState::running) {
    for (const Breakpoint& breakpoint : breakpoints_) {
      if (breakpoint.address != hart.pc) continue;
      if (breakpoint.type == BreakpointType::software) {
        return StopEvent{thread, gdb_signal::trap, StopReason::swbreak, 0};
      }
      if (breakpoint.type == BreakpointType::hardware) {
        return StopEvent{thread, gdb_signal::trap, StopReason::hwbreak, 0};
      }
    }
    if (auto watch = check_watchpoints(index)) return watch;
  }
  switch (hart.step(memory_)) {
    case StepResult::ok:
      break;
    case StepResult::breakpoint_instruction:
      return StopEvent{thread, gdb_signal::trap, StopReason::signal, 0};
    case StepResult::illegal_instruction:
      return StopEvent{thread, gdb_signal::illegal, StopReason::signal, 0};
    case StepResult::access_fault:
      return StopEvent{thread, gdb_signal::segv, StopReason::signal, 0};
  }
  if (run_states_[index] == RunState::stepping) {
    return StopEvent{thread, gdb_signal::trap, StopReason::signal, 0};
  }
  return std::nullopt;
}

void DemoMachine::stop(const StopEvent& event) {
  if (stub_ && stub_->non_stop()) {
    run_states_[event.thread - 1] = RunState::stopped;
  } else {
    for (RunState& state : run_states_) state = RunState::stopped;
  }
  if (stub_) stub_->report_stop(event);
}

void DemoMachine::stop_all_for_interrupt() {
  interrupt_pending_ = false;
  for (uint32_t i = 0; i < hart_count_; ++i) {
    if (run_states_[i] == RunState::stopped) continue;
    const StopEvent event{i + 1, gdb_signal::interrupt, StopReason::signal, 0};
    if (stub_ && stub_->non_stop()) {
      stop(event);
      continue;
    }
    stop(event);
    return;
  }
}

void DemoMachine::run_slice() {
  if (interrupt_pending_) return stop_all_for_interrupt();
  // All-stop with a stepping hart: it steps alone; the others get no time this round.
  const bool all_stop = !(stub_ && stub_->non_stop());
  for (uint32_t i = 0; all_stop && i < hart_count_; ++i) {
    if (run_states_[i] != RunState::stepping) continue;
    const auto event = execute_one(i);
    return stop(event.value_or(StopEvent{i + 1, gdb_signal::trap, StopReason::signal, 0}));
  }
  for (int n = 0; n < kInstructionsPerSlice; ++n) {
    for (uint32_t i = 0; i < hart_count_; ++i) {
      if (run_states_[i] == RunState::stopped) continue;
      if (const auto event = execute_one(i)) {
        stop(*event);
        if (all_stop) return;
      }
    }
  }
}

}  // namespace gh::demo
