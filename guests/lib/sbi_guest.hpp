// What an S-mode test guest needs from its SBI firmware: console and power.
#pragma once

#include <cstdint>

#include "riscv/sbi.hpp"

namespace guest {

struct SbiRet {
  int64_t error;
  uint64_t value;
};

inline SbiRet sbi_call(uint64_t extension, uint64_t function, uint64_t a0 = 0, uint64_t a1 = 0,
                       uint64_t a2 = 0, uint64_t a3 = 0) {
  register uint64_t r_a0 asm("a0") = a0;
  register uint64_t r_a1 asm("a1") = a1;
  register uint64_t r_a2 asm("a2") = a2;
  register uint64_t r_a3 asm("a3") = a3;
  register uint64_t r_a6 asm("a6") = function;
  register uint64_t r_a7 asm("a7") = extension;
  asm volatile("ecall" : "+r"(r_a0), "+r"(r_a1) : "r"(r_a2), "r"(r_a3), "r"(r_a6), "r"(r_a7)
               : "memory");
  return {static_cast<int64_t>(r_a0), r_a1};
}

inline void putchar(char c) {
  sbi_call(gh::riscv::sbi::ext_legacy_console_putchar, 0, static_cast<uint8_t>(c));
}

inline void print(const char* s) {
  while (*s) putchar(*s++);
}

void print_hex(uint64_t value);
void print_dec(uint64_t value);

}  // namespace guest

// Powers off through SBI SRST: status 0 = shutdown, otherwise system failure.
extern "C" [[noreturn]] void guest_exit(uint64_t status);
// Each guest defines this; its return value is its exit status.
extern "C" uint64_t guest_main(uint64_t hartid, uint64_t fdt);
