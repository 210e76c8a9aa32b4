// The guest-physical memory map of one VM: gpa ranges backed by host RAM, gpa ranges
// routed to an emulated device, and holes (everything else). Guest RAM is not
// identity-mapped: each RAM region names the host-physical address that backs it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace gh::mmu {

enum class RegionKind : uint8_t { hole, ram, mmio };

using DeviceId = uint16_t;

struct GuestRegion {
  uint64_t gpa = 0;
  uint64_t size = 0;
  RegionKind kind = RegionKind::hole;
  uint64_t hpa = 0;     // RAM: host-physical address backing `gpa`
  DeviceId device = 0;  // MMIO: the device model that handles accesses

  constexpr bool contains(uint64_t address) const { return address >= gpa && address - gpa < size; }
};

// Where a guest-physical address lands.
struct RegionLookup {
  RegionKind kind = RegionKind::hole;
  uint64_t hpa = 0;     // RAM only
  DeviceId device = 0;  // MMIO only
  uint64_t offset = 0;  // from the start of the region
  uint64_t region_gpa = 0;
  uint64_t region_size = 0;
};

enum class [[nodiscard]] MapStatus : uint8_t{
    ok,           table_full,        empty_region,
    misaligned,  // gpa, size or hpa not a multiple of 4 KiB
    wraps_around, overlaps_existing,
};

class GuestMemoryMap {
 public:
  static constexpr size_t max_regions = 32;

  MapStatus add_ram(uint64_t gpa, uint64_t size, uint64_t hpa);
  MapStatus add_mmio(uint64_t gpa, uint64_t size, DeviceId device);

  [[nodiscard]] RegionLookup lookup(uint64_t gpa) const;
  [[nodiscard]] std::span<const GuestRegion> regions() const { return {regions_.data(), count_}; }

 private:
  MapStatus add(const GuestRegion& region);
  [[nodiscard]] bool overlaps(uint64_t gpa, uint64_t size) const;

  std::array<GuestRegion, max_regions> regions_{};
  size_t count_ = 0;
};

}  // namespace gh::mmu
