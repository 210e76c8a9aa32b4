// Guest memory as gdb sees it: guest-virtual addresses through the selected vCPU's
// current translation (an inspection walk: no A/D update, like a debugger on hardware),
// or guest-physical addresses after `monitor phys`. Only guest RAM is reachable: a hole,
// an unmapped page or a device register is a fault, never hypervisor memory. Planted
// breakpoints are invisible to reads and survive writes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "debug/breakpoint_table.hpp"
#include "mmu/page_table_walker.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::debug {

enum class AddressSpace : uint8_t { guest_virtual, guest_physical };

class DebugMemory {
 public:
  DebugMemory(tae::VirtualMachine& vm, BreakpointTable& breakpoints)
      : vm_(vm), breakpoints_(breakpoints) {}

  void set_space(AddressSpace space) { space_ = space; }
  AddressSpace space() const { return space_; }

  // The inspection walk of `gva` for `vcpu` (a U-mode vCPU is looked at with its
  // supervisor's view, SUM and MXR set: the debugger sees every page the kernel maps).
  mmu::Walk walk(tae::TaeVcpu& vcpu, uint64_t gva) const;
  // The guest-physical RAM address `address` names for `vcpu` in the current space.
  std::optional<uint64_t> ram_gpa(tae::TaeVcpu& vcpu, uint64_t address) const;

  // Where the vCPU fetches `pc` from, if guest RAM (always through its translation).
  std::optional<uint64_t> fetch_gpa(tae::TaeVcpu& vcpu, uint64_t pc) const;

  // False (nothing read or written) if any byte is not guest RAM.
  bool read(tae::TaeVcpu& vcpu, uint64_t address, std::span<uint8_t> out) const;
  bool write(tae::TaeVcpu& vcpu, uint64_t address, std::span<const uint8_t> bytes);

 private:
  template <typename Chunk>
  bool for_each_page(tae::TaeVcpu& vcpu, uint64_t address, size_t length, Chunk&& chunk) const;

  tae::VirtualMachine& vm_;
  BreakpointTable& breakpoints_;
  AddressSpace space_ = AddressSpace::guest_virtual;
};

}  // namespace gh::debug
