// libFuzzer target: arbitrary bytes from "gdb" into a GdbStub, with stops reported by the
// target at input-chosen moments. Checks that every packet the stub sends is well framed
// and within PacketSize; sanitizers catch the rest (overflows, UB, leaks, hangs).
#include <array>
#include <cstddef>
#include <cstdint>
#include <new>

#include "gdbstub/gdb_stub.hpp"
#include "gdbstub/hex.hpp"

namespace {

using namespace gh::gdbstub;

class FuzzTarget final : public Target {
 public:
  uint32_t thread_count() override { return 3; }
  Status read_register(ThreadId thread, unsigned regnum, uint64_t& value) override {
    if (regnum % 7 == 3) return Status::unavailable;
    value = (uint64_t{thread} << 32) ^ regnum;
    return Status::ok;
  }
  Status write_register(ThreadId, unsigned regnum, uint64_t) override {
    return regnum == 5 ? Status::invalid : Status::ok;
  }
  Status read_memory(ThreadId, uint64_t address, std::span<uint8_t> out) override {
    if (address < kBase || address - kBase > memory.size() ||
        out.size() > memory.size() - (address - kBase)) {
      return Status::fault;
    }
    for (size_t i = 0; i < out.size(); ++i) out[i] = memory[address - kBase + i];
    return Status::ok;
  }
  Status write_memory(ThreadId, uint64_t address, std::span<const uint8_t> bytes) override {
    if (address < kBase || address - kBase > memory.size() ||
        bytes.size() > memory.size() - (address - kBase)) {
      return Status::fault;
    }
    for (size_t i = 0; i < bytes.size(); ++i) memory[address - kBase + i] = bytes[i];
    return Status::ok;
  }
  Status resume(std::span<const ResumeAction> per_thread) override {
    if (per_thread.size() != 3) __builtin_trap();
    return Status::ok;
  }
  void interrupt() override {}
  Status add_breakpoint(const Breakpoint& b) override {
    return b.type == BreakpointType::read_watch ? Status::not_supported : Status::ok;
  }
  Status remove_breakpoint(const Breakpoint&) override { return Status::ok; }
  Status thread_extra_info(ThreadId, TextSink& out) override {
    for (int i = 0; i < 40; ++i) out.write("vcpu info ");  // longer than kMaxText
    return Status::ok;
  }
  Status monitor_command(std::span<const char> command, TextSink& out) override {
    for (int i = 0; i < 3; ++i) out.write(command);
    return command.empty() ? Status::not_supported : Status::ok;
  }
  std::span<const MemoryRegion> memory_map() override { return regions; }
  bool supports_non_stop() override { return true; }

  static constexpr uint64_t kBase = 0x1000;
  std::array<uint8_t, 256> memory{};
  std::array<MemoryRegion, 2> regions{
      {{0x1000, 0x100, MemoryType::ram}, {0, 0x100, MemoryType::rom}}};
};

// Checks each $...#xx / %...#xx the stub writes.
class CheckingSink final : public ByteSink {
 public:
  void write(std::span<const uint8_t> bytes) override {
    if (bytes.empty()) __builtin_trap();
    if (bytes.size() == 1 && (bytes[0] == '+' || bytes[0] == '-')) return;
    if (bytes.size() < 4 || bytes.size() > kMaxPayload + 4) __builtin_trap();
    if (bytes[0] != '$' && bytes[0] != '%') __builtin_trap();
    const size_t hash = bytes.size() - 3;
    if (bytes[hash] != '#') __builtin_trap();
    uint8_t sum = 0;
    for (size_t i = 1; i < hash; ++i) {
      if (bytes[i] == '#' || bytes[i] == '$') __builtin_trap();  // must have been escaped
      sum = add_to_checksum(sum, bytes[i]);
    }
    if (hex_value(bytes[hash + 1]) != (sum >> 4) || hex_value(bytes[hash + 2]) != (sum & 15)) {
      __builtin_trap();
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static FuzzTarget target;
  static CheckingSink sink;
  static GdbStub* stub = nullptr;
  alignas(GdbStub) static unsigned char storage[sizeof(GdbStub)];
  if (stub == nullptr) stub = new (storage) GdbStub(target, sink);
  stub->reset_session();
  if (size == 0) return 0;
  // First byte: report a stop every `period` input bytes (0: never).
  const uint8_t period = data[0] & 0x3F;
  for (size_t i = 1; i < size; ++i) {
    stub->feed(data[i]);
    if (period != 0 && i % period == 0) {
      const uint8_t choice = data[i];
      stub->report_stop({static_cast<ThreadId>(choice % 5), static_cast<uint8_t>(choice),
                         static_cast<StopReason>(choice % 6), choice * 0x1111ull});
    }
  }
  return 0;
}
