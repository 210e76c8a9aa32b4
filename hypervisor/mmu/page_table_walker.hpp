// The guest page-table walker: gva -> gpa with the exact semantics of QEMU 7.2's
// hardware walker (Svnapot, Svpbmt and PMP absent, as on QEMU's default rv64 hart),
// including the A/D bits it writes back into the guest's PTEs. Every walk returns its
// full trace, so the same code serves the shadow builder, gdb and the inspector.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "mmu/guest_physical_memory.hpp"
#include "mmu/page_table_diff.hpp"
#include "mmu/paging.hpp"
#include "mmu/satp.hpp"
#include "mmu/walk_rule.hpp"
#include "riscv/csr.hpp"

namespace gh::mmu {

constexpr unsigned max_paging_levels = 5;

// What the walk needs from the virtual hart.
struct TranslationContext {
  uint64_t satp = 0;
  riscv::Privilege privilege = riscv::Privilege::supervisor;  // effective, see below
  bool sum = false;
  bool mxr = false;
};

// The privilege a load/store translates with: M-mode with mstatus.MPRV uses MPP.
// Instruction fetches always use the current privilege.
riscv::Privilege effective_privilege(riscv::Privilege current, uint64_t mstatus, AccessType access);
// True when loads and stores translate with another privilege than fetches (M-mode,
// mstatus.MPRV=1, MPP below M).
bool mprv_in_effect(riscv::Privilege current, uint64_t mstatus);

// The context for a hart at `privilege` with `mstatus` and `satp`.
TranslationContext translation_context(riscv::Privilege privilege, uint64_t mstatus, uint64_t satp,
                                       AccessType access);

struct WalkOptions {
  // Write A/D back like the hardware. Inspection walks (gdb, inspector) turn this off
  // so looking never changes the guest.
  bool update_accessed_dirty = true;
  // Receives a guest diff for every A/D update written.
  DiffSink* diffs = nullptr;
};

// One level of the walk.
struct WalkStep {
  uint8_t level = 0;  // levels-1 at the root, 0 at 4 KiB pages
  uint16_t index = 0;
  uint64_t table_gpa = 0;
  uint64_t pte_gpa = 0;
  uint64_t pte = 0;  // as read (before any A/D update)
};

enum class WalkOutcome : uint8_t {
  translated,    // gpa valid: RAM or MMIO (see region)
  page_fault,    // cause 12/13/15
  access_fault,  // cause 1/5/7: the gpa is not guest memory
};

struct Walk {
  uint64_t gva = 0;
  AccessType access = AccessType::load;
  TranslationContext context;
  SatpFields satp;
  bool translated_by_tables = false;  // false: bare or M-mode, gpa == gva

  std::array<WalkStep, max_paging_levels> steps{};
  uint8_t step_count = 0;

  WalkOutcome outcome = WalkOutcome::page_fault;
  WalkRule failed_rule = WalkRule::none;
  int8_t failed_level = -1;  // the level whose PTE broke the rule; -1 before any PTE

  uint64_t gpa = 0;
  RegionLookup region;
  uint8_t leaf_level = 0;
  uint64_t leaf_pte = 0;  // after the A/D update

  [[nodiscard]] bool ok() const { return outcome == WalkOutcome::translated; }
  // The exception the guest must take, if any; its tval is the gva.
  [[nodiscard]] std::optional<riscv::Exception> exception() const;
  [[nodiscard]] uint64_t tval() const { return gva; }
};

[[nodiscard]] Walk walk_guest_page_table(const TranslationContext& context, uint64_t gva,
                                         AccessType access, GuestPhysicalMemory& memory,
                                         const WalkOptions& options = {});

riscv::Exception page_fault_cause(AccessType access);
riscv::Exception access_fault_cause(AccessType access);

}  // namespace gh::mmu
