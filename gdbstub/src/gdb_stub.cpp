// The session core: framing events, acknowledgements, dispatch to packet families.
#include "gdbstub/gdb_stub.hpp"

#include "error_codes.hpp"
#include "gdbstub/hex.hpp"

namespace gh::gdbstub {

namespace {

// qSupported opens a connection; gdb expects it acknowledged even if the previous
// session had switched acknowledgements off.
bool starts_session(std::span<const uint8_t> payload) {
  PacketReader packet(payload);
  return packet.consume_prefix("qSupported");
}

}  // namespace

GdbStub::GdbStub(Target& target, ByteSink& sink) : target_(target), sink_(sink) {}

void GdbStub::feed(uint8_t byte) { on_frame_event(framer_.feed(byte)); }

void GdbStub::feed(std::span<const uint8_t> bytes) {
  for (uint8_t byte : bytes) feed(byte);
}

void GdbStub::reset_session() {
  framer_.reset();
  ack_mode_ = true;
  non_stop_ = false;
  notification_in_flight_ = false;
  pending_stops_.clear();
  transmit_length_ = 0;
}

void GdbStub::on_frame_event(FrameEvent event) {
  static constexpr uint8_t kAck[] = {'+'};
  static constexpr uint8_t kNack[] = {'-'};
  switch (event) {
    case FrameEvent::none:
    case FrameEvent::ack:
      return;
    case FrameEvent::nack:
      if (ack_mode_ && transmit_length_ > 0) {
        transmit(std::span<const uint8_t>(transmit_buffer_).first(transmit_length_));
      }
      return;
    case FrameEvent::interrupt:
      on_interrupt();
      return;
    case FrameEvent::bad_checksum:
      if (ack_mode_) transmit(kNack);
      return;
    case FrameEvent::oversized:
      if (ack_mode_) transmit(kAck);
      reply_.clear();
      reply_.put_error(error_code::too_long);
      send_reply();
      return;
    case FrameEvent::packet:
      if (ack_mode_ || starts_session(framer_.payload())) transmit(kAck);
      handle_packet(framer_.payload());
      return;
  }
}

void GdbStub::handle_packet(std::span<const uint8_t> payload) {
  handling_packet_ = true;
  reply_.clear();
  PacketReader packet(payload);
  if (dispatch(packet) == Answer::reply) {
    if (reply_.overflowed()) {
      reply_.clear();
      reply_.put_error(error_code::too_long);
    }
    send_reply();
  }
  handling_packet_ = false;
  if (non_stop_) release_deferred_stops(payload);
  deliver_stops();
}

GdbStub::Answer GdbStub::dispatch(PacketReader& packet) {
  const auto kind = packet.peek();
  if (!kind) return Answer::reply;  // empty packet: empty reply
  packet.consume(static_cast<char>(*kind));
  switch (*kind) {
    case '?':
      return handle_stop_status();
    case 'g':
      return handle_read_all_registers();
    case 'G':
      return handle_write_all_registers(packet);
    case 'p':
      return handle_read_register(packet);
    case 'P':
      return handle_write_register(packet);
    case 'm':
      return handle_read_memory(packet);
    case 'M':
      return handle_write_memory_hex(packet);
    case 'X':
      return handle_write_memory_binary(packet);
    case 'c':
      return handle_legacy_resume(packet, ResumeKind::resume, false);
    case 'C':
      return handle_legacy_resume(packet, ResumeKind::resume, true);
    case 's':
      return handle_legacy_resume(packet, ResumeKind::step, false);
    case 'S':
      return handle_legacy_resume(packet, ResumeKind::step, true);
    case 'H':
      return handle_set_thread(packet);
    case 'T':
      return handle_thread_alive(packet);
    case 'Z':
      return handle_breakpoint(packet, true);
    case 'z':
      return handle_breakpoint(packet, false);
    case 'D':
      return handle_detach();
    case 'k':
      return handle_kill();
    case 'q':
      return handle_query(packet);
    case 'Q':
      return handle_set(packet);
    case 'v':
      return handle_v_packet(packet);
    default:
      return Answer::reply;  // unknown packet: empty reply
  }
}

size_t GdbStub::frame_in_place(std::span<uint8_t> buffer, size_t payload_length, char start) {
  buffer[0] = static_cast<uint8_t>(start);
  uint8_t sum = 0;
  for (size_t i = 1; i <= payload_length; ++i) sum = add_to_checksum(sum, buffer[i]);
  buffer[payload_length + 1] = '#';
  buffer[payload_length + 2] = static_cast<uint8_t>(hex_digit(sum >> 4));
  buffer[payload_length + 3] = static_cast<uint8_t>(hex_digit(sum));
  return payload_length + 4;
}

void GdbStub::send_reply() {
  transmit_length_ = frame_in_place(transmit_buffer_, reply_.size(), '$');
  transmit(std::span<const uint8_t>(transmit_buffer_).first(transmit_length_));
}

void GdbStub::transmit(std::span<const uint8_t> framed) { sink_.write(framed); }

GdbStub::Answer GdbStub::error(uint8_t code) {
  reply_.clear();
  reply_.put_error(code);
  return Answer::reply;
}

GdbStub::Answer GdbStub::ok() {
  reply_.clear();
  reply_.put("OK");
  return Answer::reply;
}

}  // namespace gh::gdbstub
