#include "stub_harness.hpp"

#include <cstdio>

namespace gh::gdbstub::test {

Status MockTarget::read_register(ThreadId thread, unsigned regnum, uint64_t& value) {
  if (regnum == 4095) return Status::invalid;
  if (regnum == 65 + 0x7A0) return Status::unavailable;  // tselect: no trigger module
  const auto found = registers.find({thread, regnum});
  value = found == registers.end() ? (uint64_t{thread} << 32 | regnum) : found->second;
  return Status::ok;
}

Status MockTarget::write_register(ThreadId thread, unsigned regnum, uint64_t value) {
  registers[{thread, regnum}] = value;
  return Status::ok;
}

Status MockTarget::read_memory(ThreadId, uint64_t address, std::span<uint8_t> out) {
  if (address < kMemoryBase || address - kMemoryBase + out.size() > memory.size()) {
    return Status::fault;
  }
  for (size_t i = 0; i < out.size(); ++i) out[i] = memory[address - kMemoryBase + i];
  return Status::ok;
}

Status MockTarget::write_memory(ThreadId, uint64_t address, std::span<const uint8_t> bytes) {
  if (address < kMemoryBase || address - kMemoryBase + bytes.size() > memory.size()) {
    return Status::fault;
  }
  for (size_t i = 0; i < bytes.size(); ++i) memory[address - kMemoryBase + i] = bytes[i];
  return Status::ok;
}

Status MockTarget::resume(std::span<const ResumeAction> per_thread) {
  resumes.emplace_back(per_thread.begin(), per_thread.end());
  if (during_resume) during_resume();
  return Status::ok;
}

Status MockTarget::add_breakpoint(const Breakpoint& breakpoint) {
  if (!breakpoints_supported) return Status::not_supported;
  if (breakpoint.address == 0xdead) return Status::fault;
  breakpoints.push_back(breakpoint);
  return Status::ok;
}

Status MockTarget::remove_breakpoint(const Breakpoint& breakpoint) {
  if (!breakpoints_supported) return Status::not_supported;
  for (auto it = breakpoints.begin(); it != breakpoints.end(); ++it) {
    if (it->address == breakpoint.address && it->type == breakpoint.type) {
      breakpoints.erase(it);
      return Status::ok;
    }
  }
  return Status::invalid;
}

Status MockTarget::thread_extra_info(ThreadId thread, TextSink& out) {
  out.write(thread == 1 ? "hart 0" : "hart 1");
  return Status::ok;
}

Status MockTarget::monitor_command(std::span<const char> command, TextSink& output) {
  last_monitor_command.assign(command.begin(), command.end());
  if (last_monitor_command == "fail") return Status::invalid;
  if (last_monitor_command == "long") {
    for (int i = 0; i < 300; ++i) output.write("x");
    return Status::ok;
  }
  if (last_monitor_command != "help") return Status::not_supported;
  output.write("hi\n");
  return Status::ok;
}

std::string StubHarness::frame(const std::string& payload) {
  unsigned sum = 0;
  for (unsigned char c : payload) sum += c;
  char checksum[3];
  std::snprintf(checksum, sizeof checksum, "%02x", sum & 0xFF);
  return "$" + payload + "#" + checksum;
}

std::string StubHarness::exchange_raw(const std::string& bytes) {
  sink.output.clear();
  stub->feed(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  return sink.output;
}

std::string StubHarness::reply(const std::string& payload) {
  const bool acknowledged = stub->ack_mode() || payload.rfind("qSupported", 0) == 0;
  std::string out = exchange_raw(frame(payload));
  if (acknowledged) {
    if (out.empty() || out[0] != '+') return "<no ack>";
    out.erase(0, 1);
  }
  if (out.empty()) return "<none>";
  const auto all = packets(out);
  if (all.empty()) return "<bad frame>";
  return all.back();
}

std::vector<std::string> StubHarness::packets(const std::string& output) {
  std::vector<std::string> result;
  size_t position = 0;
  while (position < output.size()) {
    const char start = output[position];
    if (start != '$' && start != '%') {
      ++position;
      continue;
    }
    const size_t hash = output.find('#', position);
    if (hash == std::string::npos || hash + 2 >= output.size()) return {};
    const std::string payload = output.substr(position + 1, hash - position - 1);
    if (frame(payload).substr(1) != output.substr(position + 1, hash + 2 - position)) return {};
    result.push_back(start == '%' ? "%" + payload : payload);
    position = hash + 3;
  }
  return result;
}

}  // namespace gh::gdbstub::test
