// Consistent Overhead Byte Stuffing: rewrites a payload so it contains no 0x00 byte, at a
// cost of one byte per 254 (plus one). The event stream ends each encoded frame with a
// 0x00 delimiter, so a reader resynchronises at the next 0x00 after any corruption.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace gh::events {

// The worst-case encoded size of `payload_size` bytes (without the delimiter).
constexpr size_t cobs_max_encoded_size(size_t payload_size) {
  return payload_size + payload_size / 254 + 1;
}

// Encodes `payload` into `out` (no delimiter). Returns the encoded size, or nullopt when
// `out` is too small.
[[nodiscard]] std::optional<size_t> cobs_encode(std::span<const uint8_t> payload,
                                                std::span<uint8_t> out);

// Decodes one frame (without its delimiter) into `out`. Returns the payload size, or
// nullopt when the input is not valid COBS (a 0x00 inside, a code running past the end)
// or `out` is too small. `out` may alias `encoded` (decoding never writes ahead).
[[nodiscard]] std::optional<size_t> cobs_decode(std::span<const uint8_t> encoded,
                                                std::span<uint8_t> out);

}  // namespace gh::events
