#include "mmu/guest_physical_memory.hpp"

namespace gh::mmu {

uint64_t* MappedGuestMemory::ram_word(uint64_t gpa) const {
  const RegionLookup where = map_.lookup(gpa);
  if (where.kind != RegionKind::ram || (gpa & 7) != 0) return nullptr;
  return host_.word(where.hpa);
}

std::optional<uint64_t> MappedGuestMemory::read64(uint64_t gpa) {
  const uint64_t* word = ram_word(gpa);
  if (word == nullptr) return std::nullopt;
  return load_word(word);
}

std::optional<uint64_t> MappedGuestMemory::compare_exchange64(uint64_t gpa, uint64_t expected,
                                                              uint64_t desired) {
  uint64_t* word = ram_word(gpa);
  if (word == nullptr) return std::nullopt;
  return compare_exchange_word(word, expected, desired);
}

bool MappedGuestMemory::write64(uint64_t gpa, uint64_t value) {
  uint64_t* word = ram_word(gpa);
  if (word == nullptr) return false;
  store_word(word, value);
  return true;
}

}  // namespace gh::mmu
