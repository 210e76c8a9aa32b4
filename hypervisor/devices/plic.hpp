// The SiFive PLIC of QEMU 7.2's `virt`: 96 source numbers (1..95 usable, 0 means "none"),
// priorities 0..7, and two contexts per hart: context 2h is hart h's M-mode, 2h+1 its
// S-mode. Register layout (offsets into the PLIC):
//   0x000000 + 4*s           priority of source s (source 0 reads 0)
//   0x001000 + 4*w           pending bits, sources 32w..32w+31 (read-only)
//   0x002000 + 0x80*c + 4*w  enable bits of context c
//   0x200000 + 0x1000*c      priority threshold of context c
//   0x200004 + 0x1000*c      claim (read) / complete (write) of context c
// Only aligned 4-byte accesses are valid (others fault, as in QEMU); reads of reserved
// registers return 0 and writes to them are ignored.
//
// Sources are level inputs: the devices drive line(s).set_level(); each call makes the
// source pending or not pending, exactly as QEMU's sifive_plic_irq_request does. A
// claim clears the pending bit and marks the source claimed until completion.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "devices/mmio_device.hpp"

namespace gh::devices {

class Plic final : public MmioDevice {
 public:
  static constexpr uint32_t source_count = 96;  // QEMU VIRT_IRQCHIP_NUM_SOURCES
  static constexpr uint32_t max_priority = 7;   // QEMU VIRT_IRQCHIP_NUM_PRIO_BITS = 3
  static constexpr uint32_t max_harts = 16;
  static constexpr uint32_t max_contexts = 2 * max_harts;

  static constexpr uint64_t priority_base = 0x0;
  static constexpr uint64_t pending_base = 0x1000;
  static constexpr uint64_t enable_base = 0x2000;
  static constexpr uint64_t enable_stride = 0x80;
  static constexpr uint64_t context_base = 0x20'0000;
  static constexpr uint64_t context_stride = 0x1000;

  // Contexts for min(harts.hart_count(), max_harts) harts.
  explicit Plic(HartInterrupts& harts);
  Plic(const Plic&) = delete;
  Plic& operator=(const Plic&) = delete;

  // The input of `source` (1..95). Source 0 and numbers past the last source give a
  // line that goes nowhere.
  InterruptLine& line(uint32_t source);

  std::optional<uint64_t> read(uint64_t offset, unsigned size) override;
  bool write(uint64_t offset, unsigned size, uint64_t value) override;

  [[nodiscard]] uint32_t context_count() const { return context_count_; }

 private:
  static constexpr uint32_t words = (source_count + 31) / 32;
  using Bits = std::array<uint32_t, words>;

  class SourceLine final : public InterruptLine {
   public:
    void attach(Plic* plic, uint32_t source) {
      plic_ = plic;
      source_ = source;
    }
    void set_level(bool asserted) override;

   private:
    Plic* plic_ = nullptr;
    uint32_t source_ = 0;
  };

  void set_source_level(uint32_t source, bool asserted);

  uint32_t read_register(uint64_t offset);
  void write_register(uint64_t offset, uint32_t value);
  uint32_t read_context(uint32_t context, uint64_t register_offset);
  void write_context(uint32_t context, uint64_t register_offset, uint32_t value);

  // The highest-priority source that is pending, enabled, unclaimed and above the
  // context's threshold; 0 when there is none.
  [[nodiscard]] uint32_t best_source(uint32_t context) const;
  uint32_t claim(uint32_t context);
  void update_outputs();

  HartInterrupts& harts_;
  uint32_t context_count_;
  std::array<SourceLine, source_count> lines_{};
  std::array<uint32_t, source_count> priority_{};
  Bits pending_{};
  Bits claimed_{};
  std::array<Bits, max_contexts> enable_{};
  std::array<uint32_t, max_contexts> threshold_{};
  std::array<bool, max_contexts> output_{};
};

}  // namespace gh::devices
