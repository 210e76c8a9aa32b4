// ?, D, k, QStartNoAckMode, QNonStop.
#include "error_codes.hpp"
#include "gdbstub/gdb_stub.hpp"

namespace gh::gdbstub {

GdbStub::Answer GdbStub::handle_stop_status() {
  if (non_stop_) return report_stopped_threads();
  bool any_running = false;
  for (uint32_t i = 0; i < target_.thread_count() && i < kMaxThreads; ++i) {
    any_running = any_running || threads_[i].running;
  }
  if (any_running) {  // gdb attaches to a running guest: stop it first
    awaiting_stop_reply_ = true;
    target_.interrupt();
    return Answer::no_reply;
  }
  const ThreadState& state = threads_[last_stopped_thread_ - 1];
  StopEvent event{};
  event.thread = last_stopped_thread_;
  if (state.has_stop) event = state.last_stop;
  put_stop_reply(reply_, event);
  return Answer::reply;
}

GdbStub::Answer GdbStub::handle_detach() {
  target_.detach();
  mark_all_running();
  awaiting_stop_reply_ = false;
  notification_in_flight_ = false;
  pending_stops_.clear();
  deferred_stops_.clear();
  non_stop_ = false;
  ack_mode_ = true;  // the next gdb starts with acknowledgements
  return ok();
}

GdbStub::Answer GdbStub::handle_kill() {
  target_.kill();
  awaiting_stop_reply_ = false;
  notification_in_flight_ = false;
  pending_stops_.clear();
  deferred_stops_.clear();
  non_stop_ = false;
  ack_mode_ = true;
  return Answer::no_reply;
}

GdbStub::Answer GdbStub::handle_start_no_ack(PacketReader& packet) {
  if (!packet.at_end()) return Answer::reply;
  ack_mode_ = false;  // gdb acknowledges this OK, the last acknowledgement
  return ok();
}

GdbStub::Answer GdbStub::handle_non_stop(PacketReader& packet) {
  if (packet.consume_exactly("0")) {
    non_stop_ = false;
    pending_stops_.clear();
    deferred_stops_.clear();
    notification_in_flight_ = false;
    return ok();
  }
  if (packet.consume_exactly("1")) {
    if (!target_.supports_non_stop()) return error(error_code::invalid);
    non_stop_ = true;
    return ok();
  }
  return error(error_code::invalid);
}

}  // namespace gh::gdbstub
