#include "fakes.hpp"

#include <cstdlib>

namespace gh::devices::test {

GuestRam::GuestRam() {
  if (map.add_ram(base, size, 0) != mmu::MapStatus::ok ||
      map.add_mmio(mmio_gpa, 0x1000, 1) != mmu::MapStatus::ok) {
    std::abort();
  }
}

uint64_t* GuestRam::word(uint64_t hpa) {
  if (hpa + 8 > size || (hpa & 7) != 0) {
    ++host_accesses_outside;  // a device reached past guest RAM: the test fails on this
    static uint64_t scratch = 0;
    return &scratch;
  }
  return reinterpret_cast<uint64_t*>(bytes_.data() + hpa);
}

void GuestRam::write(uint64_t gpa, const void* data, size_t length) {
  if (gpa < base || gpa - base + length > size) std::abort();
  std::memcpy(bytes_.data() + (gpa - base), data, length);
}

void GuestRam::read(uint64_t gpa, void* data, size_t length) {
  if (gpa < base || gpa - base + length > size) std::abort();
  std::memcpy(data, bytes_.data() + (gpa - base), length);
}

void GuestRam::write_le(uint64_t gpa, unsigned width, uint64_t value) {
  std::array<uint8_t, 8> raw{};
  for (unsigned i = 0; i < width; ++i) raw[i] = static_cast<uint8_t>(value >> (8 * i));
  write(gpa, raw.data(), width);
}

uint64_t GuestRam::read_le(uint64_t gpa, unsigned width) {
  std::array<uint8_t, 8> raw{};
  read(gpa, raw.data(), width);
  uint64_t value = 0;
  for (unsigned i = 0; i < width; ++i) value |= static_cast<uint64_t>(raw[i]) << (8 * i);
  return value;
}

void GuestRam::fill(uint64_t gpa, uint8_t value, size_t length) {
  if (gpa < base || gpa - base + length > size) std::abort();
  std::memset(bytes_.data() + (gpa - base), value, length);
}

bool RamDisk::read(uint64_t sector, std::span<uint8_t> data) {
  if (fail || data.size() % sector_size != 0 ||
      (sector * sector_size) + data.size() > bytes.size()) {
    return false;
  }
  std::memcpy(data.data(), bytes.data() + sector * sector_size, data.size());
  return true;
}

bool RamDisk::write(uint64_t sector, std::span<const uint8_t> data) {
  ++writes;
  if (fail || readonly || data.size() % sector_size != 0 ||
      (sector * sector_size) + data.size() > bytes.size()) {
    return false;
  }
  std::memcpy(bytes.data() + sector * sector_size, data.data(), data.size());
  return true;
}

}  // namespace gh::devices::test
