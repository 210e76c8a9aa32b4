// Injected access to guest-physical memory, as the page-table walker needs it: 64-bit
// reads and compare-and-swap of PTEs, and the memory map to classify the final gpa.
#pragma once

#include <cstdint>
#include <optional>

#include "mmu/guest_memory_map.hpp"
#include "mmu/host_memory.hpp"

namespace gh::mmu {

class GuestPhysicalMemory {
 public:
  [[nodiscard]] virtual RegionLookup lookup(uint64_t gpa) const = 0;
  // The aligned 64-bit word at `gpa`; nothing when `gpa` is not guest RAM.
  [[nodiscard]] virtual std::optional<uint64_t> read64(uint64_t gpa) = 0;
  // Atomically replaces the word at `gpa` with `desired` if it still holds `expected`;
  // returns the value found, or nothing when `gpa` is not guest RAM.
  [[nodiscard]] virtual std::optional<uint64_t> compare_exchange64(uint64_t gpa, uint64_t expected,
                                                                   uint64_t desired) = 0;

 protected:
  ~GuestPhysicalMemory() = default;
};

// Guest-physical memory reached through a VM's memory map and the host accessor.
class MappedGuestMemory final : public GuestPhysicalMemory {
 public:
  MappedGuestMemory(const GuestMemoryMap& map, HostMemory& host) : map_(map), host_(host) {}

  [[nodiscard]] RegionLookup lookup(uint64_t gpa) const override { return map_.lookup(gpa); }
  [[nodiscard]] std::optional<uint64_t> read64(uint64_t gpa) override;
  [[nodiscard]] std::optional<uint64_t> compare_exchange64(uint64_t gpa, uint64_t expected,
                                                           uint64_t desired) override;
  // Plain write (for loaders and tests); false when `gpa` is not guest RAM.
  [[nodiscard]] bool write64(uint64_t gpa, uint64_t value);

 private:
  [[nodiscard]] uint64_t* ram_word(uint64_t gpa) const;

  const GuestMemoryMap& map_;
  HostMemory& host_;
};

}  // namespace gh::mmu
