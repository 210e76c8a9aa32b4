// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): the same value as zlib's
// crc32() and Python's zlib.crc32(), so test fixtures in any language can check frames.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace gh::events {

namespace detail {
constexpr std::array<uint32_t, 256> make_crc32_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t value = i;
    for (int bit = 0; bit < 8; ++bit) value = (value & 1) ? (value >> 1) ^ 0xEDB88320u : value >> 1;
    table[i] = value;
  }
  return table;
}
inline constexpr std::array<uint32_t, 256> crc32_table = make_crc32_table();
}  // namespace detail

// Continues a CRC over more bytes: crc32(b, crc32(a)) == crc32(a then b).
constexpr uint32_t crc32(std::span<const uint8_t> bytes, uint32_t previous = 0) {
  uint32_t crc = ~previous;
  for (uint8_t byte : bytes) crc = detail::crc32_table[(crc ^ byte) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

}  // namespace gh::events
