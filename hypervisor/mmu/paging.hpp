// Paging vocabulary shared by the walker and the shadow builder.
#pragma once

#include <cstdint>

namespace gh::mmu {

constexpr unsigned page_shift = 12;
constexpr uint64_t page_size = 1ull << page_shift;
constexpr uint64_t page_offset_mask = page_size - 1;
constexpr unsigned pte_index_bits = 9;
constexpr unsigned entries_per_table = 1u << pte_index_bits;
constexpr unsigned pte_bytes = 8;

// The kind of memory access being translated. AMOs and SC translate as stores, LR as a load.
enum class AccessType : uint8_t { load, store, fetch };

// Bytes covered by one entry at `level` (level 0 maps 4 KiB pages).
constexpr uint64_t level_span(unsigned level) {
  return 1ull << (page_shift + level * pte_index_bits);
}

// The index of `va` in a table at `level`.
constexpr unsigned table_index(uint64_t va, unsigned level) {
  return static_cast<unsigned>(va >> (page_shift + level * pte_index_bits)) &
         (entries_per_table - 1);
}

constexpr uint64_t align_down(uint64_t value, uint64_t alignment) {
  return value & ~(alignment - 1);
}

// True when bits [63 : va_bits-1] of `va` are all equal (sign-extended).
constexpr bool is_canonical(uint64_t va, unsigned va_bits) {
  const uint64_t high = va >> (va_bits - 1);
  const uint64_t all_ones = (1ull << (64 - (va_bits - 1))) - 1;
  return high == 0 || high == all_ones;
}

}  // namespace gh::mmu
