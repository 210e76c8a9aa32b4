#include "devices/guest_dma.hpp"

#include <array>

namespace gh::devices {

std::optional<uint64_t> dma_read_le(DmaMemory& memory, uint64_t gpa, unsigned size) {
  std::array<uint8_t, 8> bytes{};
  if (size > bytes.size() || !memory.read(gpa, std::span(bytes.data(), size))) return std::nullopt;
  uint64_t value = 0;
  for (unsigned i = 0; i < size; ++i) value |= static_cast<uint64_t>(bytes[i]) << (8 * i);
  return value;
}

bool dma_write_le(DmaMemory& memory, uint64_t gpa, unsigned size, uint64_t value) {
  std::array<uint8_t, 8> bytes{};
  if (size > bytes.size()) return false;
  for (unsigned i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(value >> (8 * i));
  return memory.write(gpa, std::span<const uint8_t>(bytes.data(), size));
}

bool MappedDmaMemory::is_ram(uint64_t gpa, uint64_t length) const {
  const mmu::RegionLookup where = map_.lookup(gpa);
  if (where.kind != mmu::RegionKind::ram) return false;
  return length <= where.region_size - where.offset;
}

uint8_t* MappedDmaMemory::host_bytes(uint64_t hpa, size_t& available) {
  const uint64_t within_word = hpa & 7;
  available = 8 - within_word;
  return reinterpret_cast<uint8_t*>(host_.word(hpa - within_word)) + within_word;
}

bool MappedDmaMemory::read(uint64_t gpa, std::span<uint8_t> into) {
  if (!is_ram(gpa, into.size())) return false;
  uint64_t hpa = map_.lookup(gpa).hpa;
  size_t done = 0;
  while (done < into.size()) {
    size_t available = 0;
    const uint8_t* source = host_bytes(hpa, available);
    for (size_t i = 0; i < available && done < into.size(); ++i, ++hpa) into[done++] = source[i];
  }
  return true;
}

bool MappedDmaMemory::write(uint64_t gpa, std::span<const uint8_t> from) {
  if (!is_ram(gpa, from.size())) return false;
  uint64_t hpa = map_.lookup(gpa).hpa;
  size_t done = 0;
  while (done < from.size()) {
    size_t available = 0;
    uint8_t* target = host_bytes(hpa, available);
    for (size_t i = 0; i < available && done < from.size(); ++i, ++hpa) target[i] = from[done++];
  }
  return true;
}

}  // namespace gh::devices
