#include "paging_guest.hpp"

#include "guest_traps.hpp"
#include "sbi_guest.hpp"

namespace guest::paging {

uint64_t load(uint64_t va) {
  uint64_t value = 0;
  asm volatile("ld %0, 0(%1)" : "=r"(value) : "r"(va) : "memory");
  return value;
}

void store(uint64_t va, uint64_t value) {
  asm volatile("sd %0, 0(%1)" ::"r"(value), "r"(va) : "memory");
}

void show(const char* name, uint64_t value) {
  print(name);
  print(" = ");
  print_hex(value);
  print("\n");
}

void try_load(const char* name, uint64_t va) {
  const uint64_t before = trap_count();
  const uint64_t value = load(va);
  report_trap(name, before);
  if (trap_count() == before) show("  value", value);
}

void try_load_byte(const char* name, uint64_t va) {
  const uint64_t before = trap_count();
  uint64_t value = 0;
  asm volatile("lbu %0, 0(%1)" : "=r"(value) : "r"(va) : "memory");
  report_trap(name, before);
  if (trap_count() == before) show("  value", value);
}

void try_store(const char* name, uint64_t va, uint64_t value) {
  const uint64_t before = trap_count();
  store(va, value);
  report_trap(name, before);
}

void try_store_byte(const char* name, uint64_t va, uint8_t value) {
  const uint64_t before = trap_count();
  asm volatile("sb %0, 0(%1)" ::"r"(value), "r"(va) : "memory");
  report_trap(name, before);
}

}  // namespace guest::paging
