// Test helpers: a mock target with two vCPUs and a little memory, a capturing byte sink,
// and a harness that frames packets into the stub and unframes its replies.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gdbstub/gdb_stub.hpp"

namespace gh::gdbstub::test {

class CaptureSink final : public ByteSink {
 public:
  void write(std::span<const uint8_t> bytes) override { output.append(bytes.begin(), bytes.end()); }
  std::string output;
};

class MockTarget final : public Target {
 public:
  static constexpr uint64_t kMemoryBase = 0x1000;
  MockTarget() : memory(0x1000, 0) {}

  uint32_t thread_count() override { return threads; }
  Status read_register(ThreadId thread, unsigned regnum, uint64_t& value) override;
  Status write_register(ThreadId thread, unsigned regnum, uint64_t value) override;
  Status read_memory(ThreadId, uint64_t address, std::span<uint8_t> out) override;
  Status write_memory(ThreadId, uint64_t address, std::span<const uint8_t> bytes) override;
  Status resume(std::span<const ResumeAction> per_thread) override;
  void interrupt() override { ++interrupts; }
  Status add_breakpoint(const Breakpoint& breakpoint) override;
  Status remove_breakpoint(const Breakpoint& breakpoint) override;
  Status thread_extra_info(ThreadId thread, TextSink& out) override;
  Status monitor_command(std::span<const char> command, TextSink& output) override;
  std::span<const MemoryRegion> memory_map() override { return regions; }
  bool supports_non_stop() override { return non_stop; }
  void detach() override { ++detaches; }
  void kill() override { ++kills; }

  uint32_t threads = 2;
  bool non_stop = true;
  bool breakpoints_supported = true;
  std::map<std::pair<ThreadId, unsigned>, uint64_t> registers;
  std::vector<uint8_t> memory;
  std::vector<std::vector<ResumeAction>> resumes;
  std::vector<Breakpoint> breakpoints;
  std::vector<MemoryRegion> regions{{0x1000, 0x1000, MemoryType::ram}};
  std::string last_monitor_command;
  std::function<void()> during_resume;  // e.g. report a stop from inside resume()
  int interrupts = 0;
  int detaches = 0;
  int kills = 0;
};

class StubHarness {
 public:
  StubHarness() : stub(std::make_unique<GdbStub>(target, sink)) {}

  static std::string frame(const std::string& payload);
  // Raw bytes in, raw bytes out.
  std::string exchange_raw(const std::string& bytes);
  // One packet in; its payload acknowledged ('+' checked) and the reply payload out.
  // "<none>" if the stub sent no reply; "<bad frame>" if the reply is not well formed.
  std::string reply(const std::string& payload);
  // Every packet payload in a raw output ("$..#cs" and "%..#cs"), in order.
  static std::vector<std::string> packets(const std::string& output);

  MockTarget target;
  CaptureSink sink;
  std::unique_ptr<GdbStub> stub;
};

}  // namespace gh::gdbstub::test
