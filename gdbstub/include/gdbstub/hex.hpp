// Hex digits as the remote protocol writes them (lower case out, either case in).
#pragma once

#include <cstdint>

namespace gh::gdbstub {

constexpr int hex_value(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr char hex_digit(unsigned value) { return "0123456789abcdef"[value & 0xF]; }

// Sum of bytes modulo 256: the packet checksum.
constexpr uint8_t add_to_checksum(uint8_t sum, uint8_t byte) {
  return static_cast<uint8_t>(sum + byte);
}

}  // namespace gh::gdbstub
