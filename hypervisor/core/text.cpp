#include "core/text.hpp"

namespace gh::core {

Writer& Writer::str(std::string_view s) {
  for (char c : s) sink_.put(c);
  return *this;
}

Writer& Writer::chr(char c) {
  sink_.put(c);
  return *this;
}

Writer& Writer::dec(uint64_t value) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (n > 0) sink_.put(digits[--n]);
  return *this;
}

Writer& Writer::sdec(int64_t value) {
  if (value < 0) {
    sink_.put('-');
    return dec(0 - static_cast<uint64_t>(value));
  }
  return dec(static_cast<uint64_t>(value));
}

Writer& Writer::hex(uint64_t value) {
  unsigned digits = 1;
  while (digits < 16 && (value >> (4 * digits)) != 0) ++digits;
  return hex_fixed(value, digits);
}

Writer& Writer::hex_fixed(uint64_t value, unsigned digits) {
  sink_.put('0');
  sink_.put('x');
  for (unsigned i = digits; i > 0; --i) {
    unsigned nibble = (value >> (4 * (i - 1))) & 0xF;
    sink_.put("0123456789abcdef"[nibble]);
  }
  return *this;
}

void BufferSink::put(char c) {
  if (length_ + 1 >= capacity_) {
    overflowed_ = true;
    return;
  }
  buffer_[length_++] = c;
  buffer_[length_] = 0;
}

}  // namespace gh::core
