#include "spinlock.hpp"

#include "cpu.hpp"
#include "printk.hpp"
#include "riscv.hpp"

namespace pane {

void acquire(Spinlock& lock) {
  push_off();
  if (holding(lock)) panic("acquire: %s already held by this hart", lock.name);
  while (__atomic_exchange_n(&lock.locked, 1u, __ATOMIC_ACQUIRE) != 0) {
  }
  lock.owner = my_cpu();
}

void release(Spinlock& lock) {
  if (!holding(lock)) panic("release: %s not held", lock.name);
  lock.owner = nullptr;
  __atomic_exchange_n(&lock.locked, 0u, __ATOMIC_RELEASE);
  pop_off();
}

bool holding(const Spinlock& lock) { return lock.locked && lock.owner == my_cpu(); }

void push_off() {
  bool were_on = riscv::interrupts_enabled();
  riscv::interrupts_off();
  Cpu* cpu = my_cpu();
  if (cpu->interrupts_off_depth == 0) cpu->interrupts_were_on = were_on;
  cpu->interrupts_off_depth++;
}

void pop_off() {
  Cpu* cpu = my_cpu();
  if (riscv::interrupts_enabled()) panic("pop_off: interrupts are on");
  if (cpu->interrupts_off_depth < 1) panic("pop_off: unbalanced");
  cpu->interrupts_off_depth--;
  if (cpu->interrupts_off_depth == 0 && cpu->interrupts_were_on) riscv::interrupts_on();
}

}  // namespace pane
