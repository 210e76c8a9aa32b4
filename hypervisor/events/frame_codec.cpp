#include "events/frame_codec.hpp"

#include "events/cobs.hpp"
#include "events/crc32.hpp"

namespace gh::events {
namespace {

void put_le32(uint8_t* out, uint32_t value) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<uint8_t>(value >> (8 * i));
}

uint32_t get_le32(const uint8_t* in) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= uint32_t{in[i]} << (8 * i);
  return value;
}

FrameError check_header(const FrameHeader& header, size_t body_bytes) {
  if (header.version != wire_version) return FrameError::bad_version;
  size_t expected = body_size(header.kind);
  if (expected == 0) return FrameError::unknown_kind;
  if (expected != body_bytes) return FrameError::bad_size;
  return FrameError::none;
}

}  // namespace

EncodedFrame encode_frame_bytes(const FrameHeader& header, std::span<const uint8_t> body) {
  EncodedFrame frame;
  std::array<uint8_t, max_frame_payload> payload{};
  if (sizeof(FrameHeader) + body.size() + frame_crc_size > payload.size()) return frame;
  const auto header_bytes = std::bit_cast<std::array<uint8_t, sizeof(FrameHeader)>>(header);
  size_t size = 0;
  for (uint8_t byte : header_bytes) payload[size++] = byte;
  for (uint8_t byte : body) payload[size++] = byte;
  put_le32(&payload[size], crc32({payload.data(), size}));
  size += frame_crc_size;
  auto encoded = cobs_encode({payload.data(), size}, frame.bytes);
  if (!encoded) return frame;
  frame.bytes[*encoded] = 0;
  frame.size = *encoded + 1;
  return frame;
}

const char* frame_error_name(FrameError error) {
  switch (error) {
    case FrameError::none:
      return "no error";
    case FrameError::bad_cobs:
      return "bad COBS encoding";
    case FrameError::too_short:
      return "frame too short";
    case FrameError::too_long:
      return "frame too long";
    case FrameError::bad_crc:
      return "CRC mismatch";
    case FrameError::bad_version:
      return "unsupported wire version";
    case FrameError::unknown_kind:
      return "unknown record kind";
    case FrameError::bad_size:
      return "body size does not match its kind";
  }
  return "?";
}

FrameError decode_frame(std::span<const uint8_t> encoded, DecodedFrame& out) {
  std::array<uint8_t, max_frame_payload> payload{};
  auto decoded = cobs_decode(encoded, payload);
  if (!decoded) {
    return encoded.size() > max_encoded_frame ? FrameError::too_long : FrameError::bad_cobs;
  }
  size_t size = *decoded;
  if (size < sizeof(FrameHeader) + frame_crc_size) return FrameError::too_short;
  size_t covered = size - frame_crc_size;
  if (crc32({payload.data(), covered}) != get_le32(&payload[covered])) return FrameError::bad_crc;
  std::array<uint8_t, sizeof(FrameHeader)> header_bytes{};
  for (size_t i = 0; i < header_bytes.size(); ++i) header_bytes[i] = payload[i];
  out.header = std::bit_cast<FrameHeader>(header_bytes);
  out.body_size = covered - sizeof(FrameHeader);
  for (size_t i = 0; i < out.body_size; ++i) out.body_bytes[i] = payload[sizeof(FrameHeader) + i];
  return check_header(out.header, out.body_size);
}

FrameReader::Result FrameReader::push(uint8_t byte) {
  if (byte == 0) return finish_frame();
  if (length_ < buffer_.size()) {
    buffer_[length_++] = byte;
  } else {
    ++overflow_;
  }
  return Result::need_more;
}

FrameReader::Result FrameReader::finish_frame() {
  size_t length = length_;
  size_t overflow = overflow_;
  length_ = 0;
  overflow_ = 0;
  if (length == 0) return Result::need_more;  // back-to-back delimiters: nothing lost
  discarded_ = length + overflow + 1;
  error_ = overflow > 0 ? FrameError::too_long : decode_frame({buffer_.data(), length}, frame_);
  if (error_ != FrameError::none) return Result::error;
  discarded_ = 0;
  return Result::frame;
}

}  // namespace gh::events
