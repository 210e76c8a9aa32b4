#include "gdbstub/packet_framer.hpp"

#include "gdbstub/hex.hpp"

namespace gh::gdbstub {

namespace {
constexpr uint8_t kInterruptByte = 0x03;
constexpr uint8_t kEscapeByte = '}';
constexpr uint8_t kEscapeXor = 0x20;
}  // namespace

void PacketFramer::reset() {
  state_ = State::ready;
  length_ = 0;
  overflowed_ = false;
}

void PacketFramer::start_packet() {
  state_ = State::body;
  sum_ = 0;
  length_ = 0;
  overflowed_ = false;
}

FrameEvent PacketFramer::feed(uint8_t byte) {
  switch (state_) {
    case State::ready:
      return feed_ready(byte);
    case State::body:
      feed_body(byte);
      return FrameEvent::none;
    case State::escape:
      sum_ = add_to_checksum(sum_, byte);
      store(byte ^ kEscapeXor);
      state_ = State::body;
      return FrameEvent::none;
    case State::checksum1:
      high_digit_ = hex_value(byte);
      state_ = State::checksum2;
      return FrameEvent::none;
    case State::checksum2:
      return finish(byte);
  }
  return FrameEvent::none;
}

FrameEvent PacketFramer::feed_ready(uint8_t byte) {
  switch (byte) {
    case '$':
      start_packet();
      return FrameEvent::none;
    case '+':
      return FrameEvent::ack;
    case '-':
      return FrameEvent::nack;
    case kInterruptByte:
      return FrameEvent::interrupt;
    default:
      return FrameEvent::none;  // garbage between packets is skipped
  }
}

void PacketFramer::feed_body(uint8_t byte) {
  if (byte == '$') {  // a new start inside a packet: resynchronise on it
    start_packet();
    return;
  }
  if (byte == '#') {
    state_ = State::checksum1;
    return;
  }
  sum_ = add_to_checksum(sum_, byte);
  if (byte == kEscapeByte) {
    state_ = State::escape;
    return;
  }
  store(byte);
}

void PacketFramer::store(uint8_t byte) {
  if (length_ == buffer_.size()) {
    overflowed_ = true;
    return;
  }
  buffer_[length_++] = byte;
}

FrameEvent PacketFramer::finish(uint8_t low_digit) {
  state_ = State::ready;
  const int low = hex_value(low_digit);
  if (overflowed_) {
    length_ = 0;
    return FrameEvent::oversized;
  }
  if (high_digit_ < 0 || low < 0 || ((high_digit_ << 4) | low) != sum_) {
    length_ = 0;
    return FrameEvent::bad_checksum;
  }
  return FrameEvent::packet;
}

}  // namespace gh::gdbstub
