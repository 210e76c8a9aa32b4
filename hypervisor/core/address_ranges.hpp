// Physical address ranges: the host RAM minus what is taken (firmware, the hypervisor,
// the device tree, the guest image), and a first-fit allocator of aligned blocks.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace gh::core {

struct AddressRange {
  uint64_t base = 0;
  uint64_t size = 0;
  uint64_t end() const { return base + size; }
  bool contains(uint64_t address) const { return address >= base && address - base < size; }
  bool overlaps(const AddressRange& other) const {
    return base < other.end() && other.base < end();
  }
};

class AddressRangeAllocator {
 public:
  static constexpr uint32_t max_ranges = 32;

  // Adds usable memory. Returns false when the table is full.
  bool add_free(AddressRange range);
  // Removes `range` from the usable memory (splitting a free range if needed).
  bool reserve(AddressRange range);
  // Takes the lowest block of `size` bytes aligned to `alignment` (a power of two).
  std::optional<uint64_t> allocate(uint64_t size, uint64_t alignment);
  // The same, highest block first.
  std::optional<uint64_t> allocate_high(uint64_t size, uint64_t alignment);

  uint64_t free_bytes() const;
  uint32_t count() const { return count_; }
  const AddressRange& range(uint32_t i) const { return free_[i]; }

 private:
  bool insert(AddressRange range);
  void remove(uint32_t index);

  std::array<AddressRange, max_ranges> free_{};
  uint32_t count_ = 0;
};

}  // namespace gh::core
