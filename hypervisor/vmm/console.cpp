#include "vmm/console.hpp"

namespace gh::vmm {

Console& console() {
  static Console instance;
  return instance;
}

void Console::init(uint64_t base, uint32_t reg_shift) {
  uart_ = Uart16550(base, reg_shift);
  uart_.init();
}

void Console::put(char c) {
  if (c == '\n') uart_.put('\r');
  uart_.put(c);
  last_ = c;
}

void Console::guest_put(char c) {
  LockGuard guard(lock_);
  uart_.put(c);  // the guest's bytes go out untouched
  last_ = c;
}

void Console::start_fresh_line() {
  if (last_ != '\n') put('\n');
}

ConsoleLine::ConsoleLine() : writer_(console()) {
  console().lock().lock();
  console().start_fresh_line();
  writer_.str("[glasshouse] ");
}

ConsoleLine::~ConsoleLine() {
  writer_.nl();
  console().lock().unlock();
}

}  // namespace gh::vmm
