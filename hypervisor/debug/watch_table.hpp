// Watchpoints (gdb's Z2/Z3/Z4): guest-physical byte ranges watched for writes, reads or
// both. Their pages never enter the shadow page table while a watch is set, so every
// access to such a page exits to the hypervisor: one that touches a watched range stops
// the vCPU before it executes (as RISC-V triggers fire; gdb then steps over it), any
// other is emulated (VcpuHold::before_shadow_fill).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "gdbstub/target.hpp"
#include "mmu/paging.hpp"

namespace gh::debug {

struct Watch {
  uint64_t gva = 0;  // as gdb named it (the stop reply reports it)
  uint64_t gpa = 0;
  uint64_t length = 0;  // 0: free entry
  gdbstub::BreakpointType type = gdbstub::BreakpointType::write_watch;
};

class WatchTable {
 public:
  static constexpr size_t capacity = 32;

  bool insert(const Watch& watch);
  bool remove(const Watch& watch);
  void clear() { entries_ = {}; }
  bool empty() const;
  // Whether any watch lies on the 4 KiB guest page of `gpa`.
  bool on_page(uint64_t gpa) const;
  // The watch an access of `size` bytes at `gpa` triggers.
  std::optional<Watch> triggered_by(uint64_t gpa, unsigned size, mmu::AccessType access) const;

 private:
  std::array<Watch, capacity> entries_{};
};

}  // namespace gh::debug
