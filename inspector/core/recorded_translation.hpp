// Translating a gva from a recording: the hypervisor's own walker (gh_mmu) run over the
// guest table as rebuilt at the cursor, through a read-only GuestPhysicalMemory made of
// the rebuilt PTEs and the memory map. The result has the same shape as a live
// TranslationRecord reply, so one explanation serves both.
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "events/wire_format.hpp"
#include "mmu/guest_physical_memory.hpp"
#include "page_table_history.hpp"

namespace gh::inspector {

using MemoryMap = std::map<uint64_t, events::MemoryRegionRecord>;

// Guest-physical memory as far as the stream shows it: RAM holds the rebuilt PTEs (every
// other word reads as 0); the regions come from the memory map (no map: all RAM).
class ReconstructedGuestMemory final : public mmu::GuestPhysicalMemory {
 public:
  ReconstructedGuestMemory(const MemoryMap& map, const PteMap& guest_ptes)
      : map_(map), ptes_(guest_ptes) {}

  [[nodiscard]] mmu::RegionLookup lookup(uint64_t gpa) const override;
  [[nodiscard]] std::optional<uint64_t> read64(uint64_t gpa) override;
  // Never writes (inspection walks leave A/D alone): returns the current value.
  [[nodiscard]] std::optional<uint64_t> compare_exchange64(uint64_t gpa, uint64_t expected,
                                                           uint64_t desired) override;

 private:
  const MemoryMap& map_;
  const PteMap& ptes_;
};

struct TranslationQuery {
  uint64_t gva = 0;
  events::AccessKind access = events::AccessKind::load;
  uint64_t satp = 0;
  events::VirtualMode mode = events::VirtualMode::supervisor;
  uint64_t mstatus = 0;  // SUM and MXR
};

events::TranslationRecord translate_recorded(const TranslationQuery& query, const MemoryMap& map,
                                             const PteMap& guest_ptes);

}  // namespace gh::inspector
