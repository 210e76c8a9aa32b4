// Framing as a byte pump: bytes in, events out. `$payload#cs` with `}` escapes removed,
// `+`/`-` acknowledgements, the 0x03 interrupt byte between packets, resynchronisation
// on `$`, and a bounded payload buffer (longer packets are reported as oversized).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "gdbstub/limits.hpp"

namespace gh::gdbstub {

enum class FrameEvent : uint8_t {
  none,          // byte consumed, nothing complete yet (or garbage skipped)
  packet,        // a packet with a good checksum: see payload()
  ack,           // '+'
  nack,          // '-': resend the last packet
  interrupt,     // 0x03 outside a packet
  bad_checksum,  // a complete packet whose checksum did not match
  oversized,     // a complete packet longer than kMaxPayload (payload dropped)
};

class PacketFramer {
 public:
  FrameEvent feed(uint8_t byte);
  // The unescaped payload of the last `packet` event; valid until the next feed().
  std::span<const uint8_t> payload() const { return {buffer_.data(), length_}; }
  void reset();

 private:
  enum class State : uint8_t { ready, body, escape, checksum1, checksum2 };

  FrameEvent feed_ready(uint8_t byte);
  void feed_body(uint8_t byte);
  void store(uint8_t byte);
  FrameEvent finish(uint8_t low_digit);
  void start_packet();

  State state_ = State::ready;
  uint8_t sum_ = 0;
  int high_digit_ = 0;
  size_t length_ = 0;
  bool overflowed_ = false;
  std::array<uint8_t, kMaxPayload> buffer_{};
};

}  // namespace gh::gdbstub
