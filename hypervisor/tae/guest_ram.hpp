// Byte-granular access to guest-physical RAM through the memory map: for instruction
// fetch, emulated loads and stores, and SBI calls that take guest buffers. Never
// reaches anything but the guest's own RAM.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "mmu/guest_memory_map.hpp"
#include "mmu/host_memory.hpp"

namespace gh::tae {

class GuestRam {
 public:
  GuestRam(const mmu::GuestMemoryMap& map, mmu::HostMemory& host) : map_(map), host_(host) {}

  // `size` bytes (1..8, little-endian) at `gpa`; nothing when any byte is not RAM.
  std::optional<uint64_t> read(uint64_t gpa, unsigned size) const;
  bool write(uint64_t gpa, unsigned size, uint64_t value);
  std::optional<uint8_t> read_byte(uint64_t gpa) const;
  // Copies out.size() bytes from `gpa`, which must not cross a page: RAM regions are
  // page-aligned, so the page is RAM (one host range) as a whole. False when it is not.
  bool read_within_page(uint64_t gpa, std::span<uint8_t> out) const;
  // Atomically replaces the naturally aligned `size` (4 or 8) bytes at `gpa` with
  // `desired` if they hold `expected`. Returns the value found; nothing when not RAM.
  std::optional<uint64_t> compare_exchange(uint64_t gpa, unsigned size, uint64_t expected,
                                           uint64_t desired);

 private:
  uint8_t* byte_pointer(uint64_t gpa) const;

  const mmu::GuestMemoryMap& map_;
  mmu::HostMemory& host_;
};

}  // namespace gh::tae
