#include "mmu/guest_memory_map.hpp"

#include "mmu/paging.hpp"

namespace gh::mmu {

MapStatus GuestMemoryMap::add_ram(uint64_t gpa, uint64_t size, uint64_t hpa) {
  if ((hpa & page_offset_mask) != 0) return MapStatus::misaligned;
  return add({.gpa = gpa, .size = size, .kind = RegionKind::ram, .hpa = hpa, .device = 0});
}

MapStatus GuestMemoryMap::add_mmio(uint64_t gpa, uint64_t size, DeviceId device) {
  return add({.gpa = gpa, .size = size, .kind = RegionKind::mmio, .hpa = 0, .device = device});
}

MapStatus GuestMemoryMap::add(const GuestRegion& region) {
  if (region.size == 0) return MapStatus::empty_region;
  if (((region.gpa | region.size) & page_offset_mask) != 0) return MapStatus::misaligned;
  if (region.gpa + region.size - 1 < region.gpa) return MapStatus::wraps_around;
  if (overlaps(region.gpa, region.size)) return MapStatus::overlaps_existing;
  if (count_ == max_regions) return MapStatus::table_full;
  regions_[count_++] = region;
  return MapStatus::ok;
}

bool GuestMemoryMap::overlaps(uint64_t gpa, uint64_t size) const {
  const uint64_t last = gpa + size - 1;
  for (const GuestRegion& region : regions()) {
    const uint64_t region_last = region.gpa + region.size - 1;
    if (gpa <= region_last && region.gpa <= last) return true;
  }
  return false;
}

RegionLookup GuestMemoryMap::lookup(uint64_t gpa) const {
  for (const GuestRegion& region : regions()) {
    if (!region.contains(gpa)) continue;
    const uint64_t offset = gpa - region.gpa;
    return {.kind = region.kind,
            .hpa = region.kind == RegionKind::ram ? region.hpa + offset : 0,
            .device = region.device,
            .offset = offset,
            .region_gpa = region.gpa,
            .region_size = region.size};
  }
  return {};
}

}  // namespace gh::mmu
