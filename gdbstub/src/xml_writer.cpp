#include "gdbstub/xml_writer.hpp"

#include "gdbstub/hex.hpp"

namespace gh::gdbstub {

void XmlWriter::put(char c) {
  if (position_ >= offset_ && position_ < end_) reply_.put_escaped(static_cast<uint8_t>(c));
  ++position_;
}

void XmlWriter::put(const char* text) {
  while (*text != '\0') put(*text++);
}

void XmlWriter::put_decimal(uint64_t value) {
  char digits[20];
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (count > 0) put(digits[--count]);
}

void XmlWriter::put_hex(uint64_t value) {
  put("0x");
  int shift = 60;
  while (shift > 0 && ((value >> shift) & 0xF) == 0) shift -= 4;
  for (; shift >= 0; shift -= 4) put(hex_digit(static_cast<unsigned>(value >> shift)));
}

}  // namespace gh::gdbstub
