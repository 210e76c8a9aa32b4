#include "devices/memory_block_backend.hpp"

namespace gh::devices {

bool MemoryBlockBackend::in_range(uint64_t sector, uint64_t bytes) const {
  uint64_t sectors = image_.size() / sector_size;
  return sector <= sectors && bytes / sector_size <= sectors - sector && bytes % sector_size == 0;
}

bool MemoryBlockBackend::read(uint64_t sector, std::span<uint8_t> data) {
  if (!in_range(sector, data.size())) return false;
  const uint8_t* from = image_.data() + sector * sector_size;
  for (size_t i = 0; i < data.size(); ++i) data[i] = from[i];
  return true;
}

bool MemoryBlockBackend::write(uint64_t sector, std::span<const uint8_t> data) {
  if (!in_range(sector, data.size())) return false;
  uint8_t* to = image_.data() + sector * sector_size;
  for (size_t i = 0; i < data.size(); ++i) to[i] = data[i];
  return true;
}

}  // namespace gh::devices
