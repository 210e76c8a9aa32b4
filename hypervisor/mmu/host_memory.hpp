// Injected access to host-physical memory: turns a host-physical address into a pointer.
// In the VMM this is the identity; in host tests it indexes a static array.
#pragma once

#include <cstdint>

namespace gh::mmu {

class HostMemory {
 public:
  // A pointer to the aligned 64-bit word at `hpa`.
  virtual uint64_t* word(uint64_t hpa) = 0;

 protected:
  ~HostMemory() = default;
};

// Zeroes the 4 KiB page at `hpa`.
void zero_page(HostMemory& memory, uint64_t hpa);

// Atomically replaces the word at `word` with `desired` if it still holds `expected`.
// Returns the value found (== expected on success).
inline uint64_t compare_exchange_word(uint64_t* word, uint64_t expected, uint64_t desired) {
  __atomic_compare_exchange_n(word, &expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  return expected;
}

inline uint64_t load_word(const uint64_t* word) { return __atomic_load_n(word, __ATOMIC_ACQUIRE); }

inline void store_word(uint64_t* word, uint64_t value) {
  __atomic_store_n(word, value, __ATOMIC_RELEASE);
}

}  // namespace gh::mmu
