// The byte counters (head, tail) of the event rings: one side writes each, the other
// reads it, published with release and read with acquire.
#pragma once

#include <cstdint>

namespace gh::events {

inline uint64_t load_acquire(const uint64_t& counter) {
  return __atomic_load_n(&counter, __ATOMIC_ACQUIRE);
}
inline void store_release(uint64_t& counter, uint64_t value) {
  __atomic_store_n(&counter, value, __ATOMIC_RELEASE);
}

}  // namespace gh::events
