// A disk held in memory (the image the launcher placed in host RAM): the BlockBackend
// behind the guest's virtio-blk when the disk lives for one run.
#pragma once

#include <cstdint>
#include <span>

#include "devices/block_backend.hpp"

namespace gh::devices {

class MemoryBlockBackend final : public BlockBackend {
 public:
  explicit MemoryBlockBackend(std::span<uint8_t> image) : image_(image) {}

  uint64_t sector_count() const override { return image_.size() / sector_size; }
  bool read_only() const override { return false; }
  bool read(uint64_t sector, std::span<uint8_t> data) override;
  bool write(uint64_t sector, std::span<const uint8_t> data) override;
  bool flush() override { return true; }

 private:
  bool in_range(uint64_t sector, uint64_t bytes) const;

  std::span<uint8_t> image_;
};

}  // namespace gh::devices
