#include "m_guest.hpp"

namespace mguest {
namespace {
constexpr uint64_t uart = 0x10000000;
constexpr uint64_t clint = 0x02000000;
constexpr uint64_t finisher = 0x100000;
volatile uint8_t* reg(uint64_t address) { return reinterpret_cast<volatile uint8_t*>(address); }
}  // namespace

void putchar(char c) {
  while ((*reg(uart + 5) & 0x20) == 0) {
  }
  *reg(uart) = static_cast<uint8_t>(c);
}

void print(const char* s) {
  while (*s) putchar(*s++);
}

void print_hex(uint64_t value) {
  print("0x");
  for (int shift = 60; shift >= 0; shift -= 4) putchar("0123456789abcdef"[(value >> shift) & 0xF]);
}

uint64_t mtime() { return *reinterpret_cast<volatile uint64_t*>(clint + 0xBFF8); }

void set_mtimecmp(uint64_t hart, uint64_t value) {
  *reinterpret_cast<volatile uint64_t*>(clint + 0x4000 + 8 * hart) = value;
}

void set_msip(uint64_t hart, uint32_t value) {
  *reinterpret_cast<volatile uint32_t*>(clint + 4 * hart) = value;
}

void show(const char* name, uint64_t value) {
  print(name);
  print(" = ");
  print_hex(value);
  print("\n");
}

}  // namespace mguest

extern "C" void m_guest_exit(uint64_t status) {
  uint32_t value = status == 0 ? 0x5555 : static_cast<uint32_t>((status << 16) | 0x3333);
  *reinterpret_cast<volatile uint32_t*>(0x100000) = value;
  for (;;) asm volatile("wfi");
}

extern "C" void gh_runtime_panic(const char* what, uint64_t where) {
  mguest::print("guest panic: ");
  mguest::print(what);
  mguest::print(" at ");
  mguest::print_hex(where);
  mguest::print("\n");
  m_guest_exit(99);
}
