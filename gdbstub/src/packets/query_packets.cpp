// qSupported, qAttached, qC, qfThreadInfo/qsThreadInfo, qThreadExtraInfo, qRcmd and the
// Q packets.
#include <array>

#include "error_codes.hpp"
#include "gdbstub/gdb_stub.hpp"
#include "gdbstub/hex.hpp"

namespace gh::gdbstub {

namespace {

// Collects a bounded text (the rest is dropped).
class BoundedText final : public TextSink {
 public:
  using TextSink::write;
  void write(std::span<const char> text) override {
    for (char c : text) {
      if (length_ < text_.size()) text_[length_++] = c;
    }
  }
  std::span<const char> text() const { return {text_.data(), length_}; }

 private:
  std::array<char, kMaxText> text_{};
  size_t length_ = 0;
};

// True if the ;-separated feature list contains `feature` as one entry.
bool has_feature(std::span<const uint8_t> list, const char* feature) {
  PacketReader reader(list);
  while (!reader.at_end()) {
    const auto entry = reader.take_until(';');
    const auto item = entry ? *entry : reader.rest();
    PacketReader item_reader(item);
    if (item_reader.consume_exactly(feature)) return true;
    if (!entry) break;
  }
  return false;
}

}  // namespace

// Console output of a monitor command, sent as O packets of at most kMaxText characters.
class MonitorOutput final : public TextSink {
 public:
  explicit MonitorOutput(GdbStub& stub) : stub_(stub) {}
  using TextSink::write;
  void write(std::span<const char> text) override {
    for (char c : text) {
      if (length_ == pending_.size()) flush();
      pending_[length_++] = c;
    }
  }
  void flush() {
    if (length_ == 0) return;
    ReplyBuilder packet(std::span<uint8_t>(stub_.side_buffer_).subspan(1, 2 * kMaxText + 2));
    packet.put('O');
    packet.put_hex_text(std::span<const char>(pending_.data(), length_));
    const size_t framed = stub_.frame_in_place(stub_.side_buffer_, packet.size(), '$');
    stub_.transmit(std::span<const uint8_t>(stub_.side_buffer_).first(framed));
    length_ = 0;
  }

 private:
  GdbStub& stub_;
  std::array<char, kMaxText> pending_{};
  size_t length_ = 0;
};

GdbStub::Answer GdbStub::handle_query(PacketReader& packet) {
  if (packet.consume_prefix("Supported")) return handle_supported(packet);
  if (packet.consume_prefix("Xfer:")) return handle_xfer(packet);
  if (packet.consume_exactly("Attached") || packet.consume_prefix("Attached:")) {
    reply_.put('1');  // attached to an existing guest: quitting gdb detaches, never kills
    return Answer::reply;
  }
  if (packet.consume_exactly("C")) {
    reply_.put("QC");
    reply_.put_hex_number(general_thread());
    return Answer::reply;
  }
  if (packet.consume_exactly("fThreadInfo")) return handle_thread_list();
  if (packet.consume_exactly("sThreadInfo")) {
    reply_.put('l');
    return Answer::reply;
  }
  if (packet.consume_prefix("ThreadExtraInfo,")) return handle_thread_extra_info(packet);
  if (packet.consume_prefix("Rcmd,")) return handle_monitor(packet);
  return Answer::reply;  // unsupported query: empty reply
}

GdbStub::Answer GdbStub::handle_set(PacketReader& packet) {
  if (packet.consume_prefix("StartNoAckMode")) return handle_start_no_ack(packet);
  if (packet.consume_prefix("NonStop:")) return handle_non_stop(packet);
  return Answer::reply;
}

GdbStub::Answer GdbStub::handle_supported(PacketReader& packet) {
  // qSupported opens every session: acknowledgements and all-stop until gdb asks.
  ack_mode_ = true;
  non_stop_ = false;
  notification_in_flight_ = false;
  pending_stops_.clear();
  const auto features = packet.consume(':') ? packet.rest() : std::span<const uint8_t>{};
  gdb_reports_swbreak_ = has_feature(features, "swbreak+");
  gdb_reports_hwbreak_ = has_feature(features, "hwbreak+");

  reply_.put("PacketSize=");
  reply_.put_hex_number(kMaxPayload);
  reply_.put(";qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+");
  if (!target_.memory_map().empty()) reply_.put(";qXfer:memory-map:read+");
  if (target_.supports_non_stop()) reply_.put(";QNonStop+");
  return Answer::reply;
}

GdbStub::Answer GdbStub::handle_thread_list() {
  reply_.put('m');
  bool first = true;
  for (ThreadId thread = 1; thread <= target_.thread_count() && thread <= kMaxThreads; ++thread) {
    if (!target_.thread_alive(thread)) continue;
    if (!first) reply_.put(',');
    reply_.put_hex_number(thread);
    first = false;
  }
  if (first) reply_.replace(0, 'l');  // no threads at all
  return Answer::reply;
}

GdbStub::Answer GdbStub::handle_thread_extra_info(PacketReader& packet) {
  const auto selector = packet.thread_selector();
  if (!selector || !packet.at_end() || selector->kind != ThreadSelector::Kind::one ||
      !valid_thread(selector->id)) {
    return error(error_code::invalid);
  }
  BoundedText text;
  const Status status = target_.thread_extra_info(selector->id, text);
  if (status == Status::not_supported) return Answer::reply;
  if (status != Status::ok) return error(error_code::invalid);
  reply_.put_hex_text(text.text());
  return Answer::reply;
}

GdbStub::Answer GdbStub::handle_monitor(PacketReader& packet) {
  std::array<char, kMaxText> command{};
  size_t length = 0;
  while (!packet.at_end()) {
    const auto byte = packet.hex_byte();
    if (!byte || length == command.size()) return error(error_code::invalid);
    command[length++] = static_cast<char>(*byte);
  }
  MonitorOutput output(*this);
  const Status status =
      target_.monitor_command(std::span<const char>(command.data(), length), output);
  output.flush();
  if (status == Status::not_supported) return Answer::reply;
  if (status != Status::ok) return error(error_code::invalid);
  return ok();
}

}  // namespace gh::gdbstub
