// H (select the thread for registers/memory or for resumption), T (thread alive).
#include "error_codes.hpp"
#include "gdbstub/gdb_stub.hpp"

namespace gh::gdbstub {

bool GdbStub::valid_thread(ThreadId thread) {
  return thread >= 1 && thread <= kMaxThreads && thread <= target_.thread_count() &&
         target_.thread_alive(thread);
}

ThreadId GdbStub::general_thread() {
  if (general_selector_.kind == ThreadSelector::Kind::one && valid_thread(general_selector_.id)) {
    return general_selector_.id;
  }
  return last_stopped_thread_;
}

GdbStub::Answer GdbStub::handle_set_thread(PacketReader& packet) {
  const bool general = packet.consume('g');
  if (!general && !packet.consume('c')) return error(error_code::invalid);
  const auto selector = packet.thread_selector();
  if (!selector || !packet.at_end()) return error(error_code::invalid);
  if (selector->kind == ThreadSelector::Kind::one && !valid_thread(selector->id)) {
    return error(error_code::no_such_thread);
  }
  (general ? general_selector_ : continue_selector_) = *selector;
  return ok();
}

GdbStub::Answer GdbStub::handle_thread_alive(PacketReader& packet) {
  const auto selector = packet.thread_selector();
  if (!selector || !packet.at_end() || selector->kind != ThreadSelector::Kind::one) {
    return error(error_code::invalid);
  }
  if (!valid_thread(selector->id)) return error(error_code::no_such_thread);
  return ok();
}

}  // namespace gh::gdbstub
