#include "process.hpp"

#include "../common/string.hpp"
#include "console.hpp"
#include "file.hpp"
#include "page_allocator.hpp"
#include "printk.hpp"
#include "trap.hpp"

namespace pane {

Cpu cpus[kMaxHarts];
Process process_table[kMaxProcesses];

namespace {

alignas(16) char kernel_stacks[kMaxProcesses][kKernelStackSize];
Process* init_process = nullptr;

Spinlock pid_lock{"pid"};
int next_pid = 1;

// Guards every Process::parent, and orders exit() against wait(): a parent cannot miss
// a child's exit between checking for zombies and going to sleep.
Spinlock process_tree_lock{"process tree"};

int allocate_pid() {
  acquire(pid_lock);
  int pid = next_pid++;
  release(pid_lock);
  return pid;
}

void free_process_memory(Process* p) {
  if (p->page_table != nullptr) user_space_free(p->page_table, p->size);
  if (p->trapframe != nullptr) free_page(p->trapframe);
  p->page_table = nullptr;
  p->trapframe = nullptr;
  p->size = 0;
}

// Returns p (locked) to the unused pool. Caller holds p->lock.
void release_slot(Process* p) {
  free_process_memory(p);
  p->pid = 0;
  p->parent = nullptr;
  p->name[0] = '\0';
  p->killed = false;
  p->exit_status = 0;
  p->wait_channel = nullptr;
  p->state = ProcessState::kUnused;
}

// Finds an unused slot and gives it a pid, a trapframe, an empty address space and a
// context that starts in fork_return(). Returns it with its lock held, or nullptr.
Process* allocate_process() {
  for (Process& p : process_table) {
    acquire(p.lock);
    if (p.state != ProcessState::kUnused) {
      release(p.lock);
      continue;
    }
    p.pid = allocate_pid();
    p.state = ProcessState::kEmbryo;
    p.trapframe = static_cast<Trapframe*>(allocate_page());
    if (p.trapframe != nullptr) {
      p.page_table = user_space_create(reinterpret_cast<uint64_t>(p.trapframe));
    }
    if (p.trapframe == nullptr || p.page_table == nullptr) {
      release_slot(&p);
      release(p.lock);
      return nullptr;
    }
    p.context = Context{};
    p.context.ra = reinterpret_cast<uint64_t>(&fork_return);
    p.context.sp = p.kernel_stack_top;
    return &p;
  }
  return nullptr;
}

// Gives p's children to init. Caller holds process_tree_lock.
void reparent_children(Process* p) {
  for (Process& child : process_table) {
    if (child.parent == p) {
      child.parent = init_process;
      wakeup(init_process);
    }
  }
}

}  // namespace

void process_table_init() {
  for (int i = 0; i < kMaxProcesses; i++) {
    process_table[i].kernel_stack_top = reinterpret_cast<uint64_t>(kernel_stacks[i + 1]);
  }
}

Process* current_process() {
  push_off();
  Process* p = my_cpu()->process;
  pop_off();
  return p;
}

// The first process runs /init, by asking exec() to load it the first time it enters
// the kernel... except it has never entered the kernel. So it starts with no user
// memory at all, and fork_return() performs that exec on its behalf.
void start_first_process() {
  Process* p = allocate_process();
  if (p == nullptr) panic("no memory for the first process");
  init_process = p;
  strlcpy_pane(p->name, "init", sizeof p->name);
  for (int fd = 0; fd < 3; fd++) p->files[fd] = open_console();
  p->state = ProcessState::kRunnable;
  release(p->lock);
}

bool is_first_process(Process* p) { return p == init_process; }

int fork() {
  Process* parent = current_process();
  Process* child = allocate_process();
  if (child == nullptr) return -1;
  if (!user_space_copy(parent->page_table, child->page_table, parent->size)) {
    release_slot(child);
    release(child->lock);
    return -1;
  }
  child->size = parent->size;
  *child->trapframe = *parent->trapframe;
  child->trapframe->x[kRegA0] = 0;  // fork() returns 0 in the child
  for (int fd = 0; fd < kMaxOpenFiles; fd++) {
    if (parent->files[fd] != nullptr) child->files[fd] = file_dup(parent->files[fd]);
  }
  memmove(child->name, parent->name, sizeof child->name);
  int pid = child->pid;
  release(child->lock);

  acquire(process_tree_lock);
  child->parent = parent;
  release(process_tree_lock);

  acquire(child->lock);
  child->state = ProcessState::kRunnable;
  release(child->lock);
  return pid;
}

void exit(int status) {
  Process* p = current_process();
  if (p == init_process) panic("init exited with status %d", status);
  for (File*& file : p->files) {
    if (file != nullptr) file_close(file);
    file = nullptr;
  }
  acquire(process_tree_lock);
  reparent_children(p);
  wakeup(p->parent);  // the parent may be waiting
  acquire(p->lock);
  p->exit_status = status;
  p->state = ProcessState::kZombie;
  release(process_tree_lock);
  switch_to_scheduler();  // never resumes: the parent frees this slot
  panic("a zombie ran");
}

int wait(uint64_t status_va) {
  Process* p = current_process();
  acquire(process_tree_lock);
  for (;;) {
    bool have_children = false;
    for (Process& child : process_table) {
      if (child.parent != p) continue;
      have_children = true;
      acquire(child.lock);
      if (child.state == ProcessState::kZombie) {
        int pid = child.pid;
        bool copied = status_va == 0 || copy_out(p->page_table, status_va, &child.exit_status,
                                                 sizeof child.exit_status);
        if (copied) release_slot(&child);
        release(child.lock);
        release(process_tree_lock);
        return copied ? pid : -1;
      }
      release(child.lock);
    }
    if (!have_children || is_killed(p)) {
      release(process_tree_lock);
      return -1;
    }
    sleep(p, process_tree_lock);  // exit() wakes us
  }
}

int kill(int pid) {
  if (init_process != nullptr && pid == init_process->pid) return -1;  // init must live
  for (Process& p : process_table) {
    acquire(p.lock);
    if (p.pid == pid && p.state != ProcessState::kUnused) {
      p.killed = true;
      if (p.state == ProcessState::kSleeping) p.state = ProcessState::kRunnable;
      release(p.lock);
      return 0;
    }
    release(p.lock);
  }
  return -1;
}

bool is_killed(Process* p) {
  acquire(p->lock);
  bool killed = p->killed;
  release(p->lock);
  return killed;
}

int grow_memory(int64_t bytes) {
  Process* p = current_process();
  uint64_t size = p->size;
  if (bytes > 0) {
    size = user_space_grow(p->page_table, size, size + bytes, kPteRead | kPteWrite);
    if (size == 0) return -1;
  } else if (bytes < 0) {
    if (static_cast<uint64_t>(-bytes) > size) return -1;
    size = user_space_shrink(p->page_table, size, size + bytes);
  }
  p->size = size;
  return 0;
}

}  // namespace pane
