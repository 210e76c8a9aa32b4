#include "sbi_guest.hpp"

namespace guest {

void print_hex(uint64_t value) {
  print("0x");
  for (int shift = 60; shift >= 0; shift -= 4) putchar("0123456789abcdef"[(value >> shift) & 0xF]);
}

void print_dec(uint64_t value) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (n > 0) putchar(digits[--n]);
}

}  // namespace guest

extern "C" void guest_exit(uint64_t status) {
  using namespace gh::riscv::sbi;
  guest::sbi_call(ext_srst, srst_system_reset, srst_shutdown,
                  status == 0 ? srst_reason_none : srst_reason_system_failure);
  for (;;) asm volatile("wfi");
}

extern "C" void gh_runtime_panic(const char* what, uint64_t where) {
  guest::print("guest panic: ");
  guest::print(what);
  guest::print(" at ");
  guest::print_hex(where);
  guest::print("\n");
  guest_exit(99);
}
