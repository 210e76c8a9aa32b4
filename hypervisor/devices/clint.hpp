// The CLINT of QEMU 7.2's `virt` (an ACLINT MSWI followed by an MTIMER):
//   0x0000 + 4*h   msip of hart h: bit 0 drives MSIP; aligned 4-byte accesses only
//   0x4000 + 8*h   mtimecmp of hart h: 8-byte, or 4-byte halves
//   0xbff8         mtime: 8-byte, or 4-byte halves; writable as in QEMU
// Other access sizes or misaligned accesses fault; unknown registers read 0 and ignore
// writes. The timer itself lives in HartInterrupts: the CLINT keeps each hart's
// mtimecmp and hands it on, the platform raises MTIP when time() reaches it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "devices/mmio_device.hpp"

namespace gh::devices {

class Clint final : public MmioDevice {
 public:
  static constexpr uint64_t msip_base = 0x0;
  static constexpr uint64_t mswi_size = 0x4000;
  static constexpr uint64_t mtimecmp_base = 0x4000;
  static constexpr uint64_t mtime_offset = 0xbff8;
  static constexpr uint64_t mtimer_end = 0xc000;
  static constexpr uint32_t max_harts = 16;

  explicit Clint(HartInterrupts& harts);

  std::optional<uint64_t> read(uint64_t offset, unsigned size) override;
  bool write(uint64_t offset, unsigned size, uint64_t value) override;

 private:
  uint64_t read_msip(uint64_t offset) const;
  void write_msip(uint64_t offset, uint64_t value);
  uint64_t read_timer(uint64_t offset, unsigned size) const;
  void write_timer(uint64_t offset, unsigned size, uint64_t value);
  void write_mtimecmp(uint32_t hart, uint64_t value);
  void write_mtime(uint64_t value);

  HartInterrupts& harts_;
  uint32_t hart_count_;
  std::array<bool, max_harts> msip_{};
  std::array<uint64_t, max_harts> mtimecmp_{};
};

}  // namespace gh::devices
