// The scheduler: each hart loops over the process table and runs whatever is runnable,
// round robin. A process gives the hart back by calling switch_to_scheduler() -- when
// its time slice ends (yield), when it waits for something (sleep), or when it exits.
#include "filesystem.hpp"
#include "printk.hpp"
#include "process.hpp"
#include "trap.hpp"

namespace pane {

// Runs the runnable processes, forever. The hart's own scheduler context (on its boot
// stack) is where every switch_to_scheduler() lands.
void scheduler() {
  Cpu* cpu = my_cpu();
  cpu->process = nullptr;
  for (;;) {
    // Let device interrupts in: if every process sleeps waiting for the disk or the
    // console, the interrupt that wakes one must be able to arrive.
    riscv::interrupts_on();
    bool ran_something = false;
    for (Process& p : process_table) {
      acquire(p.lock);
      if (p.state == ProcessState::kRunnable) {
        p.state = ProcessState::kRunning;
        cpu->process = &p;
        switch_context(&cpu->scheduler, &p.context);
        cpu->process = nullptr;  // the process switched back to us
        ran_something = true;
      }
      release(p.lock);
    }
    if (!ran_something) riscv::wait_for_interrupt();  // idle until the next interrupt
  }
}

void switch_to_scheduler() {
  Process* p = current_process();
  Cpu* cpu = my_cpu();
  if (!holding(p->lock)) panic("switch_to_scheduler: process lock not held");
  if (cpu->interrupts_off_depth != 1) panic("switch_to_scheduler: other locks held");
  if (p->state == ProcessState::kRunning) panic("switch_to_scheduler: still running");
  if (riscv::interrupts_enabled()) panic("switch_to_scheduler: interrupts on");
  // interrupts_were_on belongs to this thread, not to the hart: keep it across.
  bool were_on = cpu->interrupts_were_on;
  switch_context(&p->context, &cpu->scheduler);
  my_cpu()->interrupts_were_on = were_on;  // possibly another hart by now
}

void yield() {
  Process* p = current_process();
  acquire(p->lock);
  p->state = ProcessState::kRunnable;
  switch_to_scheduler();
  release(p->lock);
}

// Atomically releases `held` and sleeps on channel; reacquires `held` when woken.
// Holding p->lock before releasing `held` means no wakeup(channel) can slip in between.
void sleep(const void* channel, Spinlock& held) {
  Process* p = current_process();
  acquire(p->lock);
  release(held);
  p->wait_channel = channel;
  p->state = ProcessState::kSleeping;
  switch_to_scheduler();
  p->wait_channel = nullptr;
  release(p->lock);
  acquire(held);
}

void wakeup(const void* channel) {
  Process* self = current_process();
  for (Process& p : process_table) {
    if (&p == self) continue;
    acquire(p.lock);
    if (p.state == ProcessState::kSleeping && p.wait_channel == channel) {
      p.state = ProcessState::kRunnable;
    }
    release(p.lock);
  }
}

// A new process's first kernel code: the scheduler switched here holding its lock.
extern "C" void fork_return() {
  Process* p = current_process();
  release(p->lock);
  if (is_first_process(p) && p->size == 0) {
    // The file system needs a process context (disk reads sleep), so the first
    // process mounts it, then loads /init into itself.
    filesystem_init();
    const char* argv[] = {"init", nullptr};
    if (exec("/init", argv) < 0) panic("cannot run /init");
  }
  return_to_user();
}

}  // namespace pane
