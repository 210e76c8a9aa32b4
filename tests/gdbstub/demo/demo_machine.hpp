// DemoMachine: two RV64I harts and 64 KiB of RAM at 0x8000_0000 behind the gdbstub
// Target interface. The event loop calls run_slice(); stops go to GdbStub::report_stop.
#pragma once

#include <array>
#include <map>
#include <vector>

#include "gdbstub/gdb_stub.hpp"
#include "rv64i_hart.hpp"

namespace gh::demo {

using gdbstub::Breakpoint;
using gdbstub::ResumeAction;
using gdbstub::Status;
using gdbstub::ThreadId;

class DemoMachine final : public gdbstub::Target {
 public:
  static constexpr uint64_t kRamBase = 0x80000000;
  static constexpr size_t kRamSize = 0x10000;
  static constexpr uint32_t kHarts = 2;

  DemoMachine();
  GuestMemory& memory() { return memory_; }
  void reset(uint64_t entry);
  void set_stub(gdbstub::GdbStub* stub) { stub_ = stub; }
  // Serve only the first `count` harts (1..kHarts) as threads.
  void set_hart_count(uint32_t count) {
    hart_count_ = count >= 1 && count <= kHarts ? count : kHarts;
  }
  bool any_running() const;
  // Runs the running harts for a while; reports stops to the stub.
  void run_slice();

  uint32_t thread_count() override { return hart_count_; }
  Status read_register(ThreadId thread, unsigned regnum, uint64_t& value) override;
  Status write_register(ThreadId thread, unsigned regnum, uint64_t value) override;
  Status read_memory(ThreadId, uint64_t address, std::span<uint8_t> out) override;
  Status write_memory(ThreadId, uint64_t address, std::span<const uint8_t> bytes) override;
  Status resume(std::span<const ResumeAction> per_thread) override;
  void interrupt() override { interrupt_pending_ = true; }
  Status add_breakpoint(const Breakpoint& breakpoint) override;
  Status remove_breakpoint(const Breakpoint& breakpoint) override;
  Status thread_extra_info(ThreadId thread, gdbstub::TextSink& out) override;
  Status monitor_command(std::span<const char> command, gdbstub::TextSink& output) override;
  std::span<const gdbstub::MemoryRegion> memory_map() override { return regions_; }
  bool supports_non_stop() override { return true; }
  void detach() override;

 private:
  enum class RunState { stopped, running, stepping };

  std::optional<gdbstub::StopEvent> execute_one(uint32_t index);
  std::optional<gdbstub::StopEvent> check_watchpoints(uint32_t index);
  void stop(const gdbstub::StopEvent& event);
  void stop_all_for_interrupt();

  GuestMemory memory_{kRamBase, kRamSize};
  std::array<Hart, kHarts> harts_{};
  std::array<RunState, kHarts> run_states_{};
  std::array<std::map<unsigned, uint64_t>, kHarts> other_registers_{};
  std::vector<Breakpoint> breakpoints_;
  std::array<gdbstub::MemoryRegion, 1> regions_{{{kRamBase, kRamSize, gdbstub::MemoryType::ram}}};
  gdbstub::GdbStub* stub_ = nullptr;
  uint32_t hart_count_ = kHarts;
  bool interrupt_pending_ = false;
  bool non_stop_stepping_ = false;
};

}  // namespace gh::demo
