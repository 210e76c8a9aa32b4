// The console (the machine's UART0): the hypervisor's messages and the guest's output.
// Hypervisor messages are whole lines starting with "[glasshouse] ", always on a fresh
// line, so a runner can tell them from the guest's text.
#pragma once

#include "core/text.hpp"
#include "vmm/arch.hpp"
#include "vmm/uart16550.hpp"

namespace gh::vmm {

class Console final : public core::ByteSink {
 public:
  void init(uint64_t base, uint32_t reg_shift);
  void put(char c) override;  // unlocked; callers hold the lock
  void guest_put(char c);     // one byte of guest output
  bool try_get(uint8_t& byte) { return uart_.try_get(byte); }

  SpinLock& lock() { return lock_; }
  void start_fresh_line();

 private:
  Uart16550 uart_;
  SpinLock lock_;
  char last_ = '\n';
};

Console& console();

// One hypervisor message line: `ConsoleLine().out().str("text").hex(value);`
class ConsoleLine {
 public:
  ConsoleLine();
  ~ConsoleLine();
  ConsoleLine(const ConsoleLine&) = delete;
  ConsoleLine& operator=(const ConsoleLine&) = delete;
  core::Writer& out() { return writer_; }

 private:
  core::Writer writer_;
};

}  // namespace gh::vmm
