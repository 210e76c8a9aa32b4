// Processes: the process table, their life cycle (fork, exec, exit, wait, kill) and
// the scheduler that runs them on every hart.
#pragma once

#include <cstddef>
#include <cstdint>

#include "cpu.hpp"
#include "spinlock.hpp"
#include "virtual_memory.hpp"

namespace pane {

struct File;

constexpr int kMaxProcesses = 48;
constexpr int kMaxOpenFiles = 16;
constexpr uint64_t kKernelStackSize = 8192;

// A process's user registers, saved by the trampoline on every trap from U-mode,
// together with what the trampoline needs to enter the kernel. Lives in a page of its
// own, mapped at kTrapframe in the process's page table (trampoline.S knows the
// offsets: keep them in step).
struct Trapframe {
  uint64_t kernel_satp;  //  0: the kernel page table
  uint64_t kernel_sp;    //  8: top of this process's kernel stack
  uint64_t kernel_trap;  // 16: address of user_trap()
  uint64_t user_pc;      // 24: sepc of the trap, and where to return
  uint64_t kernel_hart;  // 32: tp for the kernel: the hart id
  uint64_t spare;        // 40
  uint64_t x[32];        // 48: x0..x31 (x[0] unused)
};
static_assert(offsetof(Trapframe, x) == 48, "trampoline.S layout");

// Register numbers, to index Trapframe::x.
constexpr int kRegSp = 2, kRegA0 = 10, kRegA1 = 11, kRegA7 = 17;

enum class ProcessState { kUnused, kEmbryo, kSleeping, kRunnable, kRunning, kZombie };

struct Process {
  Spinlock lock{"process"};
  // Protected by lock:
  ProcessState state = ProcessState::kUnused;
  const void* wait_channel = nullptr;  // what a sleeping process waits for
  bool killed = false;
  int exit_status = 0;
  int pid = 0;
  // Protected by the process tree lock (process.cpp):
  Process* parent = nullptr;
  // Used only by the process itself (or by its creator, before it first runs):
  uint64_t kernel_stack_top = 0;
  uint64_t size = 0;  // bytes of user memory, from address 0
  PageTable page_table = nullptr;
  Trapframe* trapframe = nullptr;  // its physical (= kernel virtual) address
  Context context{};               // where switch_context resumes this process
  File* files[kMaxOpenFiles] = {};
  char name[16] = {};
};

void process_table_init();
void start_first_process();
Process* current_process();

int fork();
[[noreturn]] void exit(int status);
int wait(uint64_t status_va);
int kill(int pid);
bool is_killed(Process* process);
int grow_memory(int64_t bytes);

// The process table itself (process.cpp); the scheduler walks it.
extern Process process_table[kMaxProcesses];
bool is_first_process(Process* p);

// Scheduling (scheduler.cpp).
[[noreturn]] void scheduler();
void switch_to_scheduler();  // caller holds its own lock and has set its state
void yield();
void sleep(const void* channel, Spinlock& held);
void wakeup(const void* channel);

// Defined in exec.cpp.
int exec(const char* path, const char* const* argv);

// Called by switch.S-level code: the first kernel code every new process runs.
extern "C" void fork_return();
extern "C" void switch_context(Context* save_here, const Context* resume);

}  // namespace pane
