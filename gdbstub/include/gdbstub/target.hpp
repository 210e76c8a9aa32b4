// The target interface: what the stub asks of a hypervisor (or an emulator) to debug
// its guest. Threads are vCPUs, numbered 1..thread_count(). Registers use gdb's RISC-V
// numbering (see riscv_registers.hpp). Optional capabilities answer not_supported by
// default, and the stub then answers gdb the way the protocol says "not supported".
#pragma once

#include <cstdint>
#include <span>

#include "gdbstub/limits.hpp"

namespace gh::gdbstub {

using ThreadId = uint32_t;

enum class Status : uint8_t {
  ok,
  not_supported,  // capability absent: gdb gets an empty reply
  unavailable,    // register exists but has no value now: gdb shows <unavailable>
  fault,          // unmapped or inaccessible memory
  invalid,        // bad argument (no such thread, register, kind)
};

// GDB signal numbers used in stop replies.
namespace gdb_signal {
inline constexpr uint8_t none = 0;
inline constexpr uint8_t interrupt = 2;  // SIGINT: Ctrl-C / vCont;t in all-stop
inline constexpr uint8_t illegal = 4;    // SIGILL
inline constexpr uint8_t trap = 5;       // SIGTRAP: breakpoints, steps, watchpoints
inline constexpr uint8_t bus = 10;       // SIGBUS
inline constexpr uint8_t segv = 11;      // SIGSEGV
}  // namespace gdb_signal

// Z/z packet types.
enum class BreakpointType : uint8_t {
  software = 0,
  hardware = 1,
  write_watch = 2,
  read_watch = 3,
  access_watch = 4,
};

struct Breakpoint {
  BreakpointType type;
  uint64_t address;
  uint64_t kind;  // breakpoints: instruction length (2 or 4); watchpoints: byte length
};

enum class ResumeKind : uint8_t {
  unchanged,  // not named by the resume request: stays stopped (all-stop) or as is (non-stop)
  resume,     // continue
  step,       // execute one instruction then report a stop (signal trap)
  stop,       // non-stop only (vCont;t): stop it and report a stop with signal 0
};

struct ResumeAction {
  ResumeKind kind = ResumeKind::unchanged;
  uint8_t signal = 0;  // signal to deliver on resume (C/S); 0 for none
};

enum class StopReason : uint8_t { signal, swbreak, hwbreak, watch, rwatch, awatch };

struct StopEvent {
  ThreadId thread = 1;
  uint8_t signal = gdb_signal::trap;
  StopReason reason = StopReason::signal;
  uint64_t address = 0;  // data address for watch/rwatch/awatch
};

enum class MemoryType : uint8_t { ram, rom };

struct MemoryRegion {
  uint64_t start;
  uint64_t length;
  MemoryType type;
};

// Text written by the target (monitor output, thread descriptions).
class TextSink {
 public:
  virtual void write(std::span<const char> text) = 0;
  void write(const char* text) {
    size_t length = 0;
    while (text[length] != '\0') ++length;
    write(std::span<const char>(text, length));
  }

 protected:
  ~TextSink() = default;
};

class Target {
 public:
  // --- Required -------------------------------------------------------------------
  // Number of vCPUs; threads are 1..thread_count() (at most kMaxThreads).
  virtual uint32_t thread_count() = 0;
  virtual Status read_register(ThreadId thread, unsigned regnum, uint64_t& value) = 0;
  virtual Status write_register(ThreadId thread, unsigned regnum, uint64_t value) = 0;
  // Guest memory as the vCPU sees it (guest-virtual under translation). Fault if any
  // byte is unmapped; then nothing is written.
  virtual Status read_memory(ThreadId thread, uint64_t address, std::span<uint8_t> out) = 0;
  virtual Status write_memory(ThreadId thread, uint64_t address,
                              std::span<const uint8_t> bytes) = 0;
  // One action per thread (index 0 is thread 1). All-stop: the target runs the threads
  // named resume/step; when any stops, it stops all and calls GdbStub::report_stop once.
  // Non-stop: only the named threads change; each stop is reported on its own.
  virtual Status resume(std::span<const ResumeAction> per_thread) = 0;
  // Ctrl-C: stop (all-stop: every vCPU) and report a stop with signal interrupt.
  virtual void interrupt() = 0;

  // --- Optional capabilities ------------------------------------------------------
  virtual Status add_breakpoint(const Breakpoint&) { return Status::not_supported; }
  virtual Status remove_breakpoint(const Breakpoint&) { return Status::not_supported; }
  virtual bool thread_alive(ThreadId thread) { return thread >= 1 && thread <= thread_count(); }
  // A short description shown by `info threads` (e.g. "hart 0, S-mode").
  virtual Status thread_extra_info(ThreadId, TextSink&) { return Status::not_supported; }
  // `monitor <command>`: output goes to gdb's console as it is written.
  virtual Status monitor_command(std::span<const char> /*command*/, TextSink& /*output*/) {
    return Status::not_supported;
  }
  // Registers (gdb numbering) sent with every stop reply so that gdb need not fetch them:
  // e.g. pc, sp, fp, ra are what gdb reads after a stop. Empty: none.
  virtual std::span<const unsigned> expedited_registers() { return {}; }
  // Guest memory regions for qXfer:memory-map:read; empty means no map.
  virtual std::span<const MemoryRegion> memory_map() { return {}; }
  // True if threads can be resumed and stopped one by one (QNonStop).
  virtual bool supports_non_stop() { return false; }
  // gdb leaves: the target resumes every vCPU. Breakpoints are removed by gdb before.
  virtual void detach() {}
  // gdb kills the inferior; a hypervisor may reset or power off the guest.
  virtual void kill() {}

 protected:
  ~Target() = default;
};

}  // namespace gh::gdbstub
