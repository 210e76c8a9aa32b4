#include "syscall.hpp"

#include "../include/pane/syscall_numbers.h"
#include "process.hpp"

namespace pane {
namespace {

using Handler = uint64_t (*)();

// Indexed by system call number (include/pane/syscall_numbers.h).
constexpr Handler kHandlers[] = {
    nullptr,   sys_fork, sys_exit,   sys_wait,   sys_pipe,     sys_read,   sys_write,
    sys_close, sys_open, sys_exec,   sys_getpid, sys_sbrk,     sys_sleep,  sys_uptime,
    sys_kill,  sys_dup,  sys_unlink, sys_fstat,  sys_poweroff, sys_hartid, sys_freemem,
};
static_assert(sizeof kHandlers / sizeof kHandlers[0] == SYS_freemem + 1);

}  // namespace

uint64_t argument(int n) { return current_process()->trapframe->x[kRegA0 + n]; }
int argument_int(int n) { return static_cast<int>(argument(n)); }

void syscall() {
  Trapframe* frame = current_process()->trapframe;
  uint64_t number = frame->x[kRegA7];
  uint64_t result = static_cast<uint64_t>(-1);  // unknown calls fail
  if (number < sizeof kHandlers / sizeof kHandlers[0] && kHandlers[number] != nullptr) {
    result = kHandlers[number]();
  }
  // exec() replaced the trapframe's registers, but frame still points to it.
  frame->x[kRegA0] = result;
}

}  // namespace pane
