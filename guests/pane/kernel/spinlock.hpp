// Spinlocks: mutual exclusion between harts, for short critical sections.
//
// acquire() spins on an atomic swap (the amoswap.w.aq instruction) until it wins.
// While a hart holds any spinlock its interrupts are off: otherwise an interrupt
// handler on the same hart could try to take the same lock and spin forever.
// push_off()/pop_off() count how deeply interrupts have been turned off, so nested
// locks restore the interrupt state only when the last one is released.
#pragma once

#include <cstdint>

namespace pane {

struct Cpu;

struct Spinlock {
  const char* name;
  uint32_t locked = 0;
  Cpu* owner = nullptr;  // for holding() checks and debugging
};

void acquire(Spinlock& lock);
void release(Spinlock& lock);
bool holding(const Spinlock& lock);

void push_off();
void pop_off();

}  // namespace pane
