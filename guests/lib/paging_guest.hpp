// What the paging test guests share: building PTEs and satp values, and touching memory
// while reporting the trap it took (guest_traps.hpp) and the value it read.
#pragma once

#include <cstdint>

namespace guest::paging {

constexpr uint64_t V = 1, R = 2, W = 4, X = 8, U = 16, G = 32, A = 64, D = 128;
constexpr uint64_t page = 4096;

inline uint64_t pte_at(uint64_t physical, uint64_t flags) {
  return ((physical >> 12) << 10) | flags;
}
inline uint64_t pte(const void* frame, uint64_t flags) {
  return pte_at(reinterpret_cast<uint64_t>(frame), flags);
}
inline uint64_t sv39_satp(const void* root, uint64_t asid) {
  return (8ull << 60) | (asid << 44) | (reinterpret_cast<uint64_t>(root) >> 12);
}

uint64_t load(uint64_t va);
void store(uint64_t va, uint64_t value);
// Prints "name = 0x...".
void show(const char* name, uint64_t value);
// Each prints "name: no trap" or the trap it took (report_trap), and the value read.
void try_load(const char* name, uint64_t va);
void try_load_byte(const char* name, uint64_t va);
void try_store(const char* name, uint64_t va, uint64_t value);
void try_store_byte(const char* name, uint64_t va, uint8_t value);

}  // namespace guest::paging
