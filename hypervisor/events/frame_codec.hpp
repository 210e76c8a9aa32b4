// One frame in, one frame out: header + record + CRC, COBS-stuffed, 0x00-delimited.
// Freestanding; used by the hypervisor (events out, commands in) and the host tools.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "events/wire_format.hpp"

namespace gh::events {

// An encoded frame, delimiter included, ready for a ring or a transport.
struct EncodedFrame {
  std::array<uint8_t, max_encoded_frame> bytes{};
  size_t size = 0;

  [[nodiscard]] std::span<const uint8_t> view() const { return {bytes.data(), size}; }
};

// Encodes header + body. header.kind is used as given.
[[nodiscard]] EncodedFrame encode_frame_bytes(const FrameHeader& header,
                                              std::span<const uint8_t> body);

template <WireRecord R>
[[nodiscard]] EncodedFrame encode_frame(FrameHeader header, const R& record) {
  header.kind = R::kind;
  const auto body = std::bit_cast<std::array<uint8_t, sizeof(R)>>(record);
  return encode_frame_bytes(header, body);
}

enum class FrameError : uint8_t {
  none,
  bad_cobs,      // not valid COBS: corrupted bytes
  too_short,     // shorter than a header and a CRC
  too_long,      // longer than any frame this version sends
  bad_crc,       // the checksum does not match: corrupted bytes
  bad_version,   // a frame of another wire version
  unknown_kind,  // a record kind this version does not know
  bad_size,      // the body size does not match the kind
};

const char* frame_error_name(FrameError error);

// A decoded, checked frame.
struct DecodedFrame {
  FrameHeader header;
  std::array<uint8_t, max_frame_payload> body_bytes{};
  size_t body_size = 0;

  [[nodiscard]] std::span<const uint8_t> body() const { return {body_bytes.data(), body_size}; }

  // The record, when the frame carries an R.
  template <WireRecord R>
  [[nodiscard]] std::optional<R> as() const {
    if (header.kind != R::kind || body_size != sizeof(R)) return std::nullopt;
    std::array<uint8_t, sizeof(R)> raw{};
    for (size_t i = 0; i < sizeof(R); ++i) raw[i] = body_bytes[i];
    return std::bit_cast<R>(raw);
  }
};

// Decodes one frame's bytes (without the 0x00 delimiter) into `out`.
[[nodiscard]] FrameError decode_frame(std::span<const uint8_t> encoded, DecodedFrame& out);

// A byte pump: feed the stream one byte (or chunk) at a time; each 0x00 delimiter ends a
// frame, which is decoded and checked. Bytes of a broken frame are skipped up to the
// next delimiter.
class FrameReader {
 public:
  enum class Result : uint8_t { need_more, frame, error };

  // Consumes one byte. On `frame`, frame() holds it; on `error`, error() says why and
  // discarded_bytes() how many bytes were thrown away with it.
  Result push(uint8_t byte);

  [[nodiscard]] const DecodedFrame& frame() const { return frame_; }
  [[nodiscard]] FrameError error() const { return error_; }
  [[nodiscard]] size_t discarded_bytes() const { return discarded_; }
  // Bytes waiting for their delimiter.
  [[nodiscard]] size_t pending_bytes() const { return length_ + overflow_; }

 private:
  Result finish_frame();

  std::array<uint8_t, max_encoded_frame> buffer_{};
  size_t length_ = 0;
  size_t overflow_ = 0;  // bytes beyond the buffer: the frame is too long
  DecodedFrame frame_;
  FrameError error_ = FrameError::none;
  size_t discarded_ = 0;
};

}  // namespace gh::events
