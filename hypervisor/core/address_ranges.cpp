#include "core/address_ranges.hpp"

namespace gh::core {

bool AddressRangeAllocator::insert(AddressRange range) {
  if (range.size == 0) return true;
  if (count_ == max_ranges) return false;
  uint32_t i = count_;
  while (i > 0 && free_[i - 1].base > range.base) {
    free_[i] = free_[i - 1];
    --i;
  }
  free_[i] = range;
  ++count_;
  return true;
}

void AddressRangeAllocator::remove(uint32_t index) {
  for (uint32_t i = index; i + 1 < count_; ++i) free_[i] = free_[i + 1];
  --count_;
}

bool AddressRangeAllocator::add_free(AddressRange range) { return insert(range); }

bool AddressRangeAllocator::reserve(AddressRange range) {
  for (uint32_t i = 0; i < count_;) {
    AddressRange r = free_[i];
    if (!r.overlaps(range)) {
      ++i;
      continue;
    }
    remove(i);
    AddressRange below{r.base, range.base > r.base ? range.base - r.base : 0};
    AddressRange above{range.end(), r.end() > range.end() ? r.end() - range.end() : 0};
    if (!insert(below) || !insert(above)) return false;
    i = 0;  // the table changed; rescan (ranges never overlap, so this ends)
  }
  return true;
}

namespace {
uint64_t align_up(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) & ~(alignment - 1);
}
}  // namespace

std::optional<uint64_t> AddressRangeAllocator::allocate(uint64_t size, uint64_t alignment) {
  for (uint32_t i = 0; i < count_; ++i) {
    uint64_t base = align_up(free_[i].base, alignment);
    if (base >= free_[i].base && base + size <= free_[i].end() && base + size > base) {
      if (!reserve({base, size})) return std::nullopt;
      return base;
    }
  }
  return std::nullopt;
}

std::optional<uint64_t> AddressRangeAllocator::allocate_high(uint64_t size, uint64_t alignment) {
  for (uint32_t i = count_; i > 0; --i) {
    const AddressRange& r = free_[i - 1];
    if (r.size < size) continue;
    uint64_t base = (r.end() - size) & ~(alignment - 1);
    if (base >= r.base) {
      if (!reserve({base, size})) return std::nullopt;
      return base;
    }
  }
  return std::nullopt;
}

uint64_t AddressRangeAllocator::free_bytes() const {
  uint64_t total = 0;
  for (uint32_t i = 0; i < count_; ++i) total += free_[i].size;
  return total;
}

}  // namespace gh::core
