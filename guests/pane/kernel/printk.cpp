#include "printk.hpp"

#include <cstdarg>

#include "../common/format.hpp"
#include "power.hpp"
#include "riscv.hpp"
#include "spinlock.hpp"
#include "uart.hpp"

namespace pane {
namespace {

// Keeps lines from different harts from mixing.
Spinlock printk_lock{"printk"};
volatile bool panicking = false;

void put_to_uart(char c, void*) {
  if (c == '\n') uart_put_sync('\r');
  uart_put_sync(c);
}

}  // namespace

void printk(const char* fmt, ...) {
  bool locking = !panicking;
  if (locking) acquire(printk_lock);
  va_list args;
  va_start(args, fmt);
  format(put_to_uart, nullptr, fmt, args);
  va_end(args);
  if (locking) release(printk_lock);
}

void panic(const char* fmt, ...) {
  riscv::interrupts_off();
  panicking = true;
  put_to_uart('\n', nullptr);
  const char* prefix = "pane: panic: ";
  while (*prefix) put_to_uart(*prefix++, nullptr);
  va_list args;
  va_start(args, fmt);
  format(put_to_uart, nullptr, fmt, args);
  va_end(args);
  put_to_uart('\n', nullptr);
  power_off(kPanicStatus);
}

}  // namespace pane
