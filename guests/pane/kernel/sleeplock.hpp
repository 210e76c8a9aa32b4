// Sleep locks: for long critical sections (disk I/O). A waiting process sleeps
// instead of spinning, so the hart can run something else meanwhile.
#pragma once

#include "spinlock.hpp"

namespace pane {

struct Sleeplock {
  Spinlock guard;  // protects the two fields below
  bool locked = false;
  int holder_pid = 0;
};

void acquire_sleep(Sleeplock& lock);
void release_sleep(Sleeplock& lock);

}  // namespace pane
