// The sifive_test finisher of QEMU's `virt` at 0x10_0000: a 32-bit write to offset 0
// whose low half is 0x5555 passes (QEMU exits 0), 0x3333 fails with the high half as exit
// code, 0x7777 resets the machine. Other values and offsets are ignored; reads return 0.
// Only aligned 2- and 4-byte accesses are valid (QEMU), others fault.
#pragma once

#include <cstdint>
#include <optional>

#include "devices/mmio_device.hpp"

namespace gh::devices {

enum class FinisherRequest : uint8_t { pass, fail, reset };

// What the VMM does when the guest asks to stop: power off with an exit status, or reset.
class PowerControl {
 public:
  // `code` is the exit status: 0 for pass, the guest's code for fail, 0 for reset.
  virtual void finish(FinisherRequest request, uint16_t code) = 0;

 protected:
  ~PowerControl() = default;
};

class SifiveTest final : public MmioDevice {
 public:
  static constexpr uint16_t pass_status = 0x5555;
  static constexpr uint16_t fail_status = 0x3333;
  static constexpr uint16_t reset_status = 0x7777;

  explicit SifiveTest(PowerControl& power) : power_(power) {}

  std::optional<uint64_t> read(uint64_t offset, unsigned size) override;
  bool write(uint64_t offset, unsigned size, uint64_t value) override;

 private:
  PowerControl& power_;
};

}  // namespace gh::devices
