// A bounded FIFO of stop events waiting to be reported (non-stop mode, or a stop that
// arrives while a packet is being handled).
#pragma once

#include <array>
#include <cstddef>
#include <optional>

#include "gdbstub/limits.hpp"
#include "gdbstub/target.hpp"

namespace gh::gdbstub {

class StopQueue {
 public:
  // False (and the event dropped) when full; a thread has at most one stop pending in
  // a well-behaved target, so kMaxThreads entries suffice.
  bool push(const StopEvent& event);
  std::optional<StopEvent> front() const;
  void pop();
  void clear() { count_ = 0; }
  bool empty() const { return count_ == 0; }
  size_t size() const { return count_; }

 private:
  std::array<StopEvent, kMaxThreads> events_{};
  size_t head_ = 0;
  size_t count_ = 0;
};

}  // namespace gh::gdbstub
