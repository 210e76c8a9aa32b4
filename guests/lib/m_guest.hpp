// What an M-mode test guest has: QEMU virt's UART (polled), CLINT and finisher, at the
// addresses the guest-facing virtual platform puts them.
#pragma once

#include <cstdint>

namespace mguest {

void putchar(char c);
void print(const char* s);
void print_hex(uint64_t value);
uint64_t mtime();
void set_mtimecmp(uint64_t hart, uint64_t value);

}  // namespace mguest

// Exits through the finisher: 0 = pass, otherwise fail with that code.
extern "C" [[noreturn]] void m_guest_exit(uint64_t status);
extern "C" uint64_t guest_main(uint64_t hartid);
