// System calls about processes, memory, time and the machine.
#include "../common/string.hpp"
#include "page_allocator.hpp"
#include "power.hpp"
#include "printk.hpp"
#include "process.hpp"
#include "syscall.hpp"
#include "trap.hpp"

namespace pane {
namespace {

constexpr uint64_t kFailure = static_cast<uint64_t>(-1);
constexpr int kMaxArguments = 32;
constexpr int kMaxArgumentLength = 100;

// The argument strings of exec(), copied out of user memory into one kernel page.
struct ExecArguments {
  char path[kMaxArgumentLength];
  char strings[kMaxArguments][kMaxArgumentLength];
  const char* argv[kMaxArguments + 1];
};
static_assert(sizeof(ExecArguments) <= 4096);

bool fetch_arguments(PageTable table, uint64_t argv_va, ExecArguments* args) {
  for (int i = 0;; i++) {
    if (i == kMaxArguments) return false;
    uint64_t string_va;
    if (!copy_in(table, &string_va, argv_va + i * sizeof(uint64_t), sizeof string_va)) {
      return false;
    }
    if (string_va == 0) {
      args->argv[i] = nullptr;
      return true;
    }
    if (!copy_in_string(table, args->strings[i], string_va, kMaxArgumentLength)) return false;
    args->argv[i] = args->strings[i];
  }
}

}  // namespace

uint64_t sys_fork() { return fork(); }

uint64_t sys_exit() { exit(argument_int(0)); }

uint64_t sys_wait() { return wait(argument(0)); }

uint64_t sys_getpid() { return current_process()->pid; }

// sbrk(n): grow (or shrink, n < 0) the heap by n bytes; returns the old end.
uint64_t sys_sbrk() {
  uint64_t old_end = current_process()->size;
  return grow_memory(static_cast<int64_t>(argument(0))) < 0 ? kFailure : old_end;
}

uint64_t sys_sleep() { return sleep_ticks(argument(0)) < 0 ? kFailure : 0; }

uint64_t sys_uptime() { return uptime_ticks(); }

uint64_t sys_kill() { return kill(argument_int(0)) < 0 ? kFailure : 0; }

uint64_t sys_exec() {
  auto* args = static_cast<ExecArguments*>(allocate_page());
  if (args == nullptr) return kFailure;
  PageTable table = current_process()->page_table;
  int result = -1;
  if (copy_in_string(table, args->path, argument(0), sizeof args->path) &&
      fetch_arguments(table, argument(1), args)) {
    result = exec(args->path, args->argv);
  }
  free_page(args);
  return result < 0 ? kFailure : result;
}

// poweroff(status): stop the machine; QEMU exits with status (0 = success).
uint64_t sys_poweroff() {
  int status = argument_int(0);
  printk("pane: powering off (status %d)\n", status);
  power_off(status);
}

uint64_t sys_hartid() { return hart_id(); }

uint64_t sys_freemem() { return free_page_count() * 4096; }

}  // namespace pane
