#include "tae/guest_ram.hpp"

namespace gh::tae {

uint8_t* GuestRam::byte_pointer(uint64_t gpa) const {
  mmu::RegionLookup where = map_.lookup(gpa);
  if (where.kind != mmu::RegionKind::ram) return nullptr;
  uint64_t hpa = where.hpa;
  auto* word = reinterpret_cast<uint8_t*>(host_.word(hpa & ~7ull));
  return word + (hpa & 7);
}

std::optional<uint8_t> GuestRam::read_byte(uint64_t gpa) const {
  const uint8_t* p = byte_pointer(gpa);
  if (p == nullptr) return std::nullopt;
  return *p;
}

std::optional<uint64_t> GuestRam::read(uint64_t gpa, unsigned size) const {
  uint64_t value = 0;
  for (unsigned i = 0; i < size; ++i) {
    const uint8_t* p = byte_pointer(gpa + i);
    if (p == nullptr) return std::nullopt;
    value |= uint64_t{*p} << (8 * i);
  }
  return value;
}

bool GuestRam::write(uint64_t gpa, unsigned size, uint64_t value) {
  for (unsigned i = 0; i < size; ++i) {
    if (byte_pointer(gpa + i) == nullptr) return false;
  }
  for (unsigned i = 0; i < size; ++i)
    *byte_pointer(gpa + i) = static_cast<uint8_t>(value >> (8 * i));
  return true;
}

}  // namespace gh::tae
