// Per-hart state. The kernel keeps each hart's id in the tp register, so a hart finds
// its own Cpu without locks (interrupts must be off, or the thread could move harts
// between reading tp and using the result).
#pragma once

#include <cstdint>

#include "memory_layout.hpp"
#include "riscv.hpp"

namespace pane {

struct Process;

// The registers a kernel thread must keep across switch_context (switch.S): the
// callee-saved ones. Everything else the C++ caller of switch_context already saved.
struct Context {
  uint64_t ra;
  uint64_t sp;
  uint64_t s[12];
};

struct Cpu {
  Process* process;          // running on this hart, or nullptr in the scheduler
  Context scheduler;         // switch here to enter the scheduler loop
  int interrupts_off_depth;  // push_off() nesting
  bool interrupts_were_on;   // before the outermost push_off()
};

extern Cpu cpus[kMaxHarts];

inline int hart_id() { return static_cast<int>(riscv::read_tp()); }
inline Cpu* my_cpu() { return &cpus[hart_id()]; }

}  // namespace pane
