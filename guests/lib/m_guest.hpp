// What an M-mode test guest has: QEMU virt's UART (polled), CLINT and finisher, at the
// addresses the guest-facing virtual platform puts them.
#pragma once

#include <cstdint>

#define CSR_READ(name)                                    \
  ({                                                      \
    uint64_t v_;                                          \
    asm volatile("csrr %0, " #name : "=r"(v_)::"memory"); \
    v_;                                                   \
  })
#define CSR_WRITE(name, v) asm volatile("csrw " #name ", %0" ::"r"(uint64_t(v)) : "memory")
#define CSR_SET(name, v) asm volatile("csrs " #name ", %0" ::"r"(uint64_t(v)) : "memory")
#define CSR_CLEAR(name, v) asm volatile("csrc " #name ", %0" ::"r"(uint64_t(v)) : "memory")

namespace mguest {

void putchar(char c);
void print(const char* s);
void print_hex(uint64_t value);
uint64_t mtime();
void set_mtimecmp(uint64_t hart, uint64_t value);
void set_msip(uint64_t hart, uint32_t value);  // CLINT machine software interrupt
// Prints "name = 0x...\n".
void show(const char* name, uint64_t value);

}  // namespace mguest

// Exits through the finisher: 0 = pass, otherwise fail with that code.
extern "C" [[noreturn]] void m_guest_exit(uint64_t status);
extern "C" uint64_t guest_main(uint64_t hartid);
