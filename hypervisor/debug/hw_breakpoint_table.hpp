// Hardware breakpoints (gdb's Z1, `hbreak`): addresses where a vCPU stops before it
// executes the instruction there, without a byte of guest memory changing. A
// guest-virtual address matches the pc in every address space and mode, as a RISC-V
// execute trigger (or QEMU's own breakpoints) does; one set after `monitor phys` matches
// the guest-physical address the pc fetches from. Pages that hold one are mapped
// non-executable in every shadow, so each fetch there exits (VcpuHold::before_shadow_fill).
// Set by the service hart, read by the vCPUs: `used` publishes an entry.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace gh::debug {

struct HwBreakpoint {
  uint64_t address = 0;
  bool physical = false;
  uint8_t used = 0;  // 0: free entry
};

class HwBreakpointTable {
 public:
  static constexpr size_t capacity = 64;

  // False when the table is full. The same address may be inserted more than once.
  bool insert(uint64_t address, bool physical);
  // Removes one entry for `address`; false when there is none.
  bool remove(uint64_t address, bool physical);
  void clear();
  bool empty() const { return count() == 0; }
  size_t count() const;
  // Whether one lies on the 4 KiB page of `gva` (virtual ones) or of `gpa` (physical ones).
  bool on_page(uint64_t gva, uint64_t gpa) const;
  // Whether one of the kind `physical` names lies on the 4 KiB page of `address`.
  bool on_page_of(uint64_t address, bool physical) const;
  // Whether one is at `pc`, which fetches from `pc_gpa` (nothing: not guest RAM).
  bool at(uint64_t pc, std::optional<uint64_t> pc_gpa) const;

 private:
  std::array<HwBreakpoint, capacity> entries_{};
  size_t count_ = 0;
};

}  // namespace gh::debug
