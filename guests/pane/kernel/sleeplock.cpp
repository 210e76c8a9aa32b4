#include "sleeplock.hpp"

#include "process.hpp"

namespace pane {

void acquire_sleep(Sleeplock& lock) {
  acquire(lock.guard);
  while (lock.locked) sleep(&lock, lock.guard);
  lock.locked = true;
  lock.holder_pid = current_process()->pid;
  release(lock.guard);
}

void release_sleep(Sleeplock& lock) {
  acquire(lock.guard);
  lock.locked = false;
  lock.holder_pid = 0;
  wakeup(&lock);
  release(lock.guard);
}

}  // namespace pane
