#include "format.hpp"

#include <cstdint>

namespace pane {
namespace {

void put_string(PutChar put, void* context, const char* s) {
  if (s == nullptr) s = "(null)";
  while (*s) put(*s++, context);
}

// Prints value in the given base (10 or 16), with a '-' first when negative is set.
void put_number(PutChar put, void* context, uint64_t value, unsigned base, bool negative) {
  char digits[24];
  int count = 0;
  do {
    digits[count++] = "0123456789abcdef"[value % base];
    value /= base;
  } while (value != 0);
  if (negative) put('-', context);
  while (count > 0) put(digits[--count], context);
}

void put_signed(PutChar put, void* context, int64_t value) {
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : value;
  put_number(put, context, magnitude, 10, value < 0);
}

}  // namespace

void format(PutChar put, void* context, const char* fmt, va_list args) {
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      put(*fmt, context);
      continue;
    }
    bool is_long = false;
    if (fmt[1] == 'l') {
      is_long = true;
      fmt++;
    }
    switch (*++fmt) {
      case 'd':
        put_signed(put, context, is_long ? va_arg(args, long) : va_arg(args, int));
        break;
      case 'u':
        put_number(put, context, is_long ? va_arg(args, unsigned long) : va_arg(args, unsigned), 10,
                   false);
        break;
      case 'x':
        put_number(put, context, is_long ? va_arg(args, unsigned long) : va_arg(args, unsigned), 16,
                   false);
        break;
      case 'p':
        put_string(put, context, "0x");
        put_number(put, context, reinterpret_cast<uint64_t>(va_arg(args, void*)), 16, false);
        break;
      case 's':
        put_string(put, context, va_arg(args, const char*));
        break;
      case 'c':
        put(static_cast<char>(va_arg(args, int)), context);
        break;
      case '\0':
        return;
      default:  // %% and anything unknown: print it as it stands
        put(*fmt, context);
        break;
    }
  }
}

}  // namespace pane
