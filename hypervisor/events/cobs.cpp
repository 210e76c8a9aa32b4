#include "events/cobs.hpp"

namespace gh::events {

std::optional<size_t> cobs_encode(std::span<const uint8_t> payload, std::span<uint8_t> out) {
  if (out.size() < cobs_max_encoded_size(payload.size())) return std::nullopt;
  size_t code_at = 0;  // where the current block's code byte goes
  size_t written = 1;
  uint8_t code = 1;
  for (uint8_t byte : payload) {
    if (byte != 0) {
      out[written++] = byte;
      ++code;
    }
    if (byte == 0 || code == 0xFF) {
      out[code_at] = code;
      code_at = written++;
      code = 1;
    }
  }
  out[code_at] = code;
  return written;
}

std::optional<size_t> cobs_decode(std::span<const uint8_t> encoded, std::span<uint8_t> out) {
  size_t read = 0;
  size_t written = 0;
  while (read < encoded.size()) {
    uint8_t code = encoded[read++];
    if (code == 0) return std::nullopt;
    size_t data_bytes = code - 1u;
    if (read + data_bytes > encoded.size()) return std::nullopt;
    if (written + data_bytes > out.size()) return std::nullopt;
    for (size_t i = 0; i < data_bytes; ++i) {
      uint8_t byte = encoded[read++];
      if (byte == 0) return std::nullopt;
      out[written++] = byte;
    }
    bool block_ends_in_zero = code != 0xFF && read < encoded.size();
    if (block_ends_in_zero) {
      if (written >= out.size()) return std::nullopt;
      out[written++] = 0;
    }
  }
  return written;
}

}  // namespace gh::events
