#include "gdbstub/reply_builder.hpp"

#include "gdbstub/hex.hpp"

namespace gh::gdbstub {

void ReplyBuilder::clear() {
  length_ = 0;
  overflowed_ = false;
}

void ReplyBuilder::put(char c) {
  if (length_ == storage_.size()) {
    overflowed_ = true;
    return;
  }
  storage_[length_++] = static_cast<uint8_t>(c);
}

void ReplyBuilder::put(const char* text) {
  while (*text != '\0') put(*text++);
}

void ReplyBuilder::put_hex_byte(uint8_t byte) {
  put(hex_digit(byte >> 4));
  put(hex_digit(byte));
}

void ReplyBuilder::put_hex_bytes(std::span<const uint8_t> bytes) {
  for (uint8_t byte : bytes) put_hex_byte(byte);
}

void ReplyBuilder::put_hex_text(std::span<const char> text) {
  for (char c : text) put_hex_byte(static_cast<uint8_t>(c));
}

void ReplyBuilder::put_hex_number(uint64_t value) {
  int shift = 60;
  while (shift > 0 && ((value >> shift) & 0xF) == 0) shift -= 4;
  for (; shift >= 0; shift -= 4) put(hex_digit(static_cast<unsigned>(value >> shift)));
}

void ReplyBuilder::put_hex_le(uint64_t value, size_t size) {
  for (size_t i = 0; i < size; ++i) put_hex_byte(static_cast<uint8_t>(value >> (8 * i)));
}

void ReplyBuilder::put_escaped(uint8_t byte) {
  if (byte == '$' || byte == '#' || byte == '}' || byte == '*') {
    if (free_space() < 2) {
      overflowed_ = true;
      return;
    }
    put('}');
    byte ^= 0x20;
  }
  put(static_cast<char>(byte));
}

void ReplyBuilder::put_error(uint8_t code) {
  put('E');
  put_hex_byte(code);
}

void ReplyBuilder::replace(size_t position, char c) {
  if (position < length_) storage_[position] = static_cast<uint8_t>(c);
}

}  // namespace gh::gdbstub
