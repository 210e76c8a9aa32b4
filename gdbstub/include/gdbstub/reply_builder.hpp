// Builds one reply payload in a bounded buffer. Anything that does not fit sets
// overflowed(): the stub then answers with an error instead of a truncated reply.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace gh::gdbstub {

class ReplyBuilder {
 public:
  explicit ReplyBuilder(std::span<uint8_t> storage) : storage_(storage) {}

  void clear();
  void put(char c);
  void put(const char* text);
  void put_hex_byte(uint8_t byte);
  void put_hex_bytes(std::span<const uint8_t> bytes);
  void put_hex_text(std::span<const char> text);
  // A number in hex, most significant digit first, no leading zeros ("0" for zero).
  void put_hex_number(uint64_t value);
  // A register value: `size` bytes, little-endian, two hex digits each.
  void put_hex_le(uint64_t value, size_t size);
  // Binary data escaped for the wire: $ # } * become } followed by byte ^ 0x20.
  void put_escaped(uint8_t byte);
  // "Exx" with xx the error code in hex.
  void put_error(uint8_t code);
  // Overwrites an already written byte (for qXfer's m/l marker).
  void replace(size_t position, char c);

  size_t size() const { return length_; }
  size_t free_space() const { return storage_.size() - length_; }
  bool overflowed() const { return overflowed_; }
  std::span<const uint8_t> bytes() const { return storage_.first(length_); }

 private:
  std::span<uint8_t> storage_;
  size_t length_ = 0;
  bool overflowed_ = false;
};

}  // namespace gh::gdbstub
