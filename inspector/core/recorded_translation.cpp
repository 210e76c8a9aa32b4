#include "recorded_translation.hpp"

#include "events/mmu_records.hpp"
#include "mmu/page_table_walker.hpp"

namespace gh::inspector {

namespace {

mmu::RegionKind region_kind(events::RegionKind kind) {
  switch (kind) {
    case events::RegionKind::ram:
      return mmu::RegionKind::ram;
    case events::RegionKind::mmio:
      return mmu::RegionKind::mmio;
    case events::RegionKind::hole:
      break;
  }
  return mmu::RegionKind::hole;
}

riscv::Privilege privilege_of(events::VirtualMode mode) {
  switch (mode) {
    case events::VirtualMode::user:
    case events::VirtualMode::virtual_user:
      return riscv::Privilege::user;
    case events::VirtualMode::machine:
      return riscv::Privilege::machine;
    case events::VirtualMode::supervisor:
    case events::VirtualMode::virtual_supervisor:
      break;
  }
  return riscv::Privilege::supervisor;
}

}  // namespace

mmu::RegionLookup ReconstructedGuestMemory::lookup(uint64_t gpa) const {
  if (map_.empty()) return {.kind = mmu::RegionKind::ram, .hpa = 0, .device = 0, .offset = gpa};
  auto after = map_.upper_bound(gpa);
  if (after == map_.begin()) return {};
  const events::MemoryRegionRecord& region = std::prev(after)->second;
  if (gpa - region.gpa >= region.size) return {};
  const uint64_t offset = gpa - region.gpa;
  const mmu::RegionKind kind = region_kind(region.region);
  return {.kind = kind,
          .hpa = kind == mmu::RegionKind::ram ? region.hpa + offset : 0,
          .device = region.device,
          .offset = offset,
          .region_gpa = region.gpa,
          .region_size = region.size};
}

std::optional<uint64_t> ReconstructedGuestMemory::read64(uint64_t gpa) {
  if (lookup(gpa).kind != mmu::RegionKind::ram || (gpa & 7) != 0) return std::nullopt;
  auto found = ptes_.find(gpa);
  return found == ptes_.end() ? 0 : found->second.pte;
}

std::optional<uint64_t> ReconstructedGuestMemory::compare_exchange64(uint64_t gpa, uint64_t,
                                                                     uint64_t) {
  return read64(gpa);
}

events::TranslationRecord translate_recorded(const TranslationQuery& query, const MemoryMap& map,
                                             const PteMap& guest_ptes) {
  ReconstructedGuestMemory memory(map, guest_ptes);
  const mmu::AccessType access = events::access_type(query.access);
  const mmu::TranslationContext context =
      mmu::translation_context(privilege_of(query.mode), query.mstatus, query.satp, access);
  const mmu::Walk walk = mmu::walk_guest_page_table(context, query.gva, access, memory,
                                                    {.update_accessed_dirty = false});
  return events::translation_record(walk, 0);
}

}  // namespace gh::inspector
