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

bool GuestRam::read_within_page(uint64_t gpa, std::span<uint8_t> out) const {
  constexpr uint64_t page = 4096;
  if (out.empty()) return true;
  if (gpa / page != (gpa + out.size() - 1) / page) return false;
  const uint8_t* p = byte_pointer(gpa);
  if (p == nullptr) return false;
  for (size_t i = 0; i < out.size(); ++i) out[i] = p[i];
  return true;
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

template <typename Word>
static uint64_t compare_exchange_word(uint8_t* p, uint64_t expected, uint64_t desired) {
  auto* word = reinterpret_cast<Word*>(p);
  auto found = static_cast<Word>(expected);
  __atomic_compare_exchange_n(word, &found, static_cast<Word>(desired), false, __ATOMIC_SEQ_CST,
                              __ATOMIC_SEQ_CST);
  return found;
}

std::optional<uint64_t> GuestRam::compare_exchange(uint64_t gpa, unsigned size, uint64_t expected,
                                                   uint64_t desired) {
  if ((size != 4 && size != 8) || gpa % size != 0) return std::nullopt;
  uint8_t* p = byte_pointer(gpa);
  if (p == nullptr) return std::nullopt;
  if (size == 4) return compare_exchange_word<uint32_t>(p, expected, desired);
  return compare_exchange_word<uint64_t>(p, expected, desired);
}

}  // namespace gh::tae
