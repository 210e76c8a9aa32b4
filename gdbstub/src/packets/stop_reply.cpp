// Stop replies (T packets) in all-stop, %Stop notifications and vStopped in non-stop.
#include <string_view>

#include "error_codes.hpp"
#include "gdbstub/gdb_stub.hpp"
#include "gdbstub/riscv_registers.hpp"

namespace gh::gdbstub {

void GdbStub::put_stop_reply(ReplyBuilder& out, const StopEvent& event) {
  out.put('T');
  out.put_hex_byte(event.signal);
  out.put("thread:");
  out.put_hex_number(event.thread);
  out.put(';');
  for (const unsigned regnum : target_.expedited_registers()) {
    uint64_t value = 0;
    const size_t size = riscv::register_size(regnum);
    if (size == 0 || target_.read_register(event.thread, regnum, value) != Status::ok) continue;
    out.put_hex_number(regnum);
    out.put(':');
    out.put_hex_le(value, size);
    out.put(';');
  }
  switch (event.reason) {
    case StopReason::signal:
      break;
    case StopReason::swbreak:
      if (gdb_reports_swbreak_) out.put("swbreak:;");
      break;
    case StopReason::hwbreak:
      if (gdb_reports_hwbreak_) out.put("hwbreak:;");
      break;
    case StopReason::watch:
    case StopReason::rwatch:
    case StopReason::awatch:
      out.put(event.reason == StopReason::watch    ? "watch:"
              : event.reason == StopReason::rwatch ? "rwatch:"
                                                   : "awatch:");
      out.put_hex_number(event.address);
      out.put(';');
      break;
  }
}

void GdbStub::report_stop(const StopEvent& event) {
  if (event.thread < 1 || event.thread > kMaxThreads || event.thread > target_.thread_count()) {
    return;  // not a thread of ours
  }
  if (non_stop_) record_stop(event);
  pending_stops_.push(event);
  if (!handling_packet_) deliver_stops();
}

void GdbStub::record_stop(const StopEvent& event) {
  ThreadState& state = threads_[event.thread - 1];
  state.running = false;
  state.has_stop = true;
  state.last_stop = event;
  last_stopped_thread_ = event.thread;
}

void GdbStub::mark_all_running() {
  for (uint32_t i = 0; i < kMaxThreads && i < target_.thread_count(); ++i) {
    threads_[i].running = true;
  }
}

void GdbStub::deliver_stops() {
  if (non_stop_) {
    deliver_non_stop();
  } else {
    deliver_all_stop();
  }
}

// All-stop: the first stop answers the pending resume; every thread is stopped now.
void GdbStub::deliver_all_stop() {
  while (const auto event = pending_stops_.front()) {
    pending_stops_.pop();
    for (ThreadState& state : threads_) state.running = false;
    record_stop(*event);
    if (!awaiting_stop_reply_) continue;  // stopped without gdb waiting: kept for `?`
    awaiting_stop_reply_ = false;
    reply_.clear();
    put_stop_reply(reply_, *event);
    send_reply();
  }
}

// Non-stop: one %Stop notification at a time; gdb drains the rest with vStopped.
void GdbStub::deliver_non_stop() {
  if (notification_in_flight_) return;
  const auto event = pending_stops_.front();
  if (!event) return;
  ReplyBuilder notification(std::span<uint8_t>(side_buffer_).subspan(1, side_buffer_.size() - 4));
  notification.put("Stop:");
  put_stop_reply(notification, *event);
  const size_t framed = frame_in_place(side_buffer_, notification.size(), '%');
  transmit(std::span<const uint8_t>(side_buffer_).first(framed));
  notification_in_flight_ = true;
}

GdbStub::Answer GdbStub::handle_vstopped() {
  if (!notification_in_flight_) return ok();
  pending_stops_.pop();  // the stop gdb has just taken
  if (const auto next = pending_stops_.front()) {
    put_stop_reply(reply_, *next);
    return Answer::reply;
  }
  notification_in_flight_ = false;
  return ok();
}

// `?` in non-stop: the first stopped thread is the reply; the others are reported as
// %Stop notifications once the connection is up (release_deferred_stops). gdb 13.1
// cannot take two or more stop replies queued at connect: it marks its inferior-event
// handler before the target is async and then fails an assertion in remote.c's wait.
GdbStub::Answer GdbStub::report_stopped_threads() {
  pending_stops_.clear();
  deferred_stops_.clear();
  for (ThreadId thread = 1; thread <= target_.thread_count() && thread <= kMaxThreads; ++thread) {
    const ThreadState& state = threads_[thread - 1];
    if (state.running) continue;
    StopEvent event{};
    event.thread = thread;
    event.signal = gdb_signal::none;
    (pending_stops_.empty() ? pending_stops_ : deferred_stops_)
        .push(state.has_stop ? state.last_stop : event);
  }
  const auto first = pending_stops_.front();
  if (!first) {
    notification_in_flight_ = false;
    return ok();
  }
  notification_in_flight_ = true;
  put_stop_reply(reply_, *first);
  return Answer::reply;
}

// After the first packet that follows the `?`/vStopped exchange, the threads held back
// at connect are reported like any other stop.
void GdbStub::release_deferred_stops(std::span<const uint8_t> packet) {
  if (deferred_stops_.empty() || notification_in_flight_) return;
  const std::string_view text(reinterpret_cast<const char*>(packet.data()), packet.size());
  if (text == "?" || text == "vStopped") return;
  while (const auto event = deferred_stops_.front()) {
    deferred_stops_.pop();
    if (!threads_[event->thread - 1].running) pending_stops_.push(*event);
  }
}

}  // namespace gh::gdbstub
