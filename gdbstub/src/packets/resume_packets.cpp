// c, C, s, S, vCont?, vCont, vCtrlC, vStopped, vKill, and the 0x03 interrupt byte.
#include "error_codes.hpp"
#include "gdbstub/gdb_stub.hpp"
#include "gdbstub/riscv_registers.hpp"

namespace gh::gdbstub {

namespace {

bool selector_matches(const ThreadSelector& selector, ThreadId thread) {
  return selector.kind != ThreadSelector::Kind::one || selector.id == thread;
}

}  // namespace

GdbStub::Answer GdbStub::handle_v_packet(PacketReader& packet) {
  if (packet.consume_exactly("Cont?")) {
    reply_.put("vCont;c;C;s;S;t");
    return Answer::reply;
  }
  if (packet.consume_prefix("Cont")) return handle_vcont(packet);
  if (packet.consume_exactly("Stopped")) return handle_vstopped();
  if (packet.consume_exactly("CtrlC")) {
    target_.interrupt();
    return ok();
  }
  if (packet.consume_prefix("Kill")) {
    target_.kill();
    return ok();
  }
  return Answer::reply;  // vMustReplyEmpty, vFile, vRun...: not supported
}

GdbStub::Answer GdbStub::handle_legacy_resume(PacketReader& packet, ResumeKind kind,
                                              bool with_signal) {
  uint8_t signal = 0;
  if (with_signal) {
    const auto parsed = packet.hex_byte();
    if (!parsed) return error(error_code::invalid);
    signal = *parsed;
    if (!packet.at_end() && !packet.consume(';')) return error(error_code::invalid);
  }
  std::optional<uint64_t> address;
  if (!packet.at_end()) {
    address = packet.hex_number();
    if (!address || !packet.at_end()) return error(error_code::invalid);
  }
  const ThreadId thread =
      (continue_selector_.kind == ThreadSelector::Kind::one && valid_thread(continue_selector_.id))
          ? continue_selector_.id
          : general_thread();
  if (address && target_.write_register(thread, riscv::kPc, *address) != Status::ok) {
    return error(error_code::invalid);
  }
  for (uint32_t i = 0; i < kMaxThreads; ++i) {
    const bool chosen = i + 1 == thread;
    resume_actions_[i] = ResumeAction{};
    if (kind == ResumeKind::resume || chosen) resume_actions_[i].kind = kind;
    if (chosen) resume_actions_[i].signal = signal;
  }
  return start_resume();
}

// One `;action[:thread]`; leftmost action wins for each thread.
bool GdbStub::parse_vcont_action(PacketReader& packet) {
  ResumeAction action{};
  if (packet.consume('c')) {
    action.kind = ResumeKind::resume;
  } else if (packet.consume('s')) {
    action.kind = ResumeKind::step;
  } else if (packet.consume('t')) {
    action.kind = ResumeKind::stop;
  } else if (const bool resume = packet.consume('C'); resume || packet.consume('S')) {
    action.kind = resume ? ResumeKind::resume : ResumeKind::step;
    const auto signal = packet.hex_byte();
    if (!signal) return false;
    action.signal = *signal;
  } else {
    return false;  // 'r' (range step) and anything else
  }
  ThreadSelector selector{ThreadSelector::Kind::all, 0};
  if (packet.consume(':')) {
    const auto parsed = packet.thread_selector();
    if (!parsed) return false;
    selector = *parsed;
  }
  if (!non_stop_ && action.kind == ResumeKind::stop) action.kind = ResumeKind::unchanged;
  for (uint32_t i = 0; i < kMaxThreads; ++i) {
    if (assigned_[i] || !selector_matches(selector, i + 1)) continue;
    resume_actions_[i] = action;
    assigned_[i] = true;
  }
  return true;
}

GdbStub::Answer GdbStub::handle_vcont(PacketReader& packet) {
  resume_actions_.fill(ResumeAction{});
  assigned_.fill(false);
  if (packet.at_end()) return error(error_code::invalid);
  while (packet.consume(';')) {
    if (!parse_vcont_action(packet)) return error(error_code::invalid);
  }
  if (!packet.at_end()) return error(error_code::invalid);
  return start_resume();
}

GdbStub::Answer GdbStub::start_resume() {
  const uint32_t count =
      target_.thread_count() < kMaxThreads ? target_.thread_count() : kMaxThreads;
  bool any_moves = false;
  for (uint32_t i = 0; i < count; ++i) {
    // vCont;t for a thread that is already stopped: nothing to stop, nothing to report
    // (gdb has its stop; a second one makes gdb 13.1 crash at detach).
    if (resume_actions_[i].kind == ResumeKind::stop && !threads_[i].running) {
      resume_actions_[i].kind = ResumeKind::unchanged;
    }
    const ResumeKind kind = resume_actions_[i].kind;
    if (kind == ResumeKind::resume || kind == ResumeKind::step) {
      threads_[i].running = true;
      any_moves = true;
    }
  }
  if (!non_stop_ && !any_moves) return error(error_code::invalid);
  if (!non_stop_) awaiting_stop_reply_ = true;
  const Status status = target_.resume(std::span<const ResumeAction>(resume_actions_).first(count));
  if (status != Status::ok) {
    awaiting_stop_reply_ = false;
    for (uint32_t i = 0; i < count; ++i) threads_[i].running = false;
    return error(error_code::invalid);
  }
  return non_stop_ ? ok() : Answer::no_reply;
}

void GdbStub::on_interrupt() {
  if (awaiting_stop_reply_ || non_stop_) target_.interrupt();
}

}  // namespace gh::gdbstub
