// How device models reach guest memory for DMA (virtqueues, block data): byte copies
// that succeed only when the whole range is guest RAM. A gpa outside RAM, or a range
// that runs off the end of its RAM region, is the device's error, never host memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "mmu/guest_memory_map.hpp"
#include "mmu/host_memory.hpp"

namespace gh::devices {

class DmaMemory {
 public:
  // True when [gpa, gpa + length) is guest RAM (length 0: gpa itself is RAM).
  [[nodiscard]] virtual bool is_ram(uint64_t gpa, uint64_t length) const = 0;
  [[nodiscard]] virtual bool read(uint64_t gpa, std::span<uint8_t> into) = 0;
  [[nodiscard]] virtual bool write(uint64_t gpa, std::span<const uint8_t> from) = 0;

 protected:
  ~DmaMemory() = default;
};

// Little-endian fields in guest memory (virtio structures are little-endian).
std::optional<uint64_t> dma_read_le(DmaMemory& memory, uint64_t gpa, unsigned size);
[[nodiscard]] bool dma_write_le(DmaMemory& memory, uint64_t gpa, unsigned size, uint64_t value);

// Guest RAM as the VM's memory map describes it, reached through the host accessor.
class MappedDmaMemory final : public DmaMemory {
 public:
  MappedDmaMemory(const mmu::GuestMemoryMap& map, mmu::HostMemory& host) : map_(map), host_(host) {}

  [[nodiscard]] bool is_ram(uint64_t gpa, uint64_t length) const override;
  [[nodiscard]] bool read(uint64_t gpa, std::span<uint8_t> into) override;
  [[nodiscard]] bool write(uint64_t gpa, std::span<const uint8_t> from) override;

 private:
  // The host byte at `hpa` and how many bytes follow it in the same aligned word.
  uint8_t* host_bytes(uint64_t hpa, size_t& available);

  const mmu::GuestMemoryMap& map_;
  mmu::HostMemory& host_;
};

}  // namespace gh::devices
