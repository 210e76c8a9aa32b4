#include "gdbstub/stop_queue.hpp"

namespace gh::gdbstub {

bool StopQueue::push(const StopEvent& event) {
  if (count_ == events_.size()) return false;
  events_[(head_ + count_) % events_.size()] = event;
  ++count_;
  return true;
}

std::optional<StopEvent> StopQueue::front() const {
  if (count_ == 0) return std::nullopt;
  return events_[head_];
}

void StopQueue::pop() {
  if (count_ == 0) return;
  head_ = (head_ + 1) % events_.size();
  --count_;
}

}  // namespace gh::gdbstub
