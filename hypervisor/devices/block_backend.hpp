// The disk behind a virtio block device: 512-byte sectors that the VMM stores (in RAM, or
// in the image file through the host). Calls are synchronous.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace gh::devices {

class BlockBackend {
 public:
  static constexpr size_t sector_size = 512;

  [[nodiscard]] virtual uint64_t sector_count() const = 0;
  [[nodiscard]] virtual bool read_only() const = 0;
  // `data.size()` is a multiple of sector_size and the range lies within the disk.
  [[nodiscard]] virtual bool read(uint64_t sector, std::span<uint8_t> data) = 0;
  [[nodiscard]] virtual bool write(uint64_t sector, std::span<const uint8_t> data) = 0;
  // Makes completed writes durable.
  [[nodiscard]] virtual bool flush() = 0;

 protected:
  ~BlockBackend() = default;
};

}  // namespace gh::devices
