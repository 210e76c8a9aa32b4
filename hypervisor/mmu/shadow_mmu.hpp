// The shadow MMU of one vCPU (or VM): a cache of shadow address spaces keyed by
// (guest root, ASID), each with one shadow root per view (virtual mode, SUM, MXR);
// installing successful guest walks; invalidation for sfence.vma; and the precise
// re-validation of guest PTEs at sfence.vma / satp writes with diff records.
//
// How the VMM drives it (trap-and-emulate):
//  - satp write: satp = satp_after_write(...); sync_guest_changes(); load activate(...) into
//    the host satp (and again whenever the virtual privilege, SUM or MXR changes).
//  - sfence.vma: sync_guest_changes() alone is precise for every form (it re-reads each guest
//    PTE a shadow was built from); invalidate_va/asid/all drop shadows without looking.
//  - host page fault while the guest runs: walk_guest_page_table() for the faulting access;
//    a failed walk is reflected to the guest (walk.exception(), tval = gva); a walk to MMIO
//    goes to the device model; otherwise install(walk, view) and return to the guest.
// The host must run the guest with sstatus.MXR = 0: MXR is applied through the shadow view.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "mmu/guest_physical_memory.hpp"
#include "mmu/guest_pte_tracker.hpp"
#include "mmu/page_table_diff.hpp"
#include "mmu/page_table_walker.hpp"
#include "mmu/shadow_page_table.hpp"
#include "mmu/shadow_permissions.hpp"

namespace gh::mmu {

// Which guest address space a shadow stands for. Untranslated execution (satp Bare, or
// virtual M-mode) is one address space of its own.
struct AddressSpaceKey {
  bool bare = true;
  uint64_t guest_root = 0;
  uint16_t asid = 0;
  friend constexpr bool operator==(const AddressSpaceKey&, const AddressSpaceKey&) = default;
};

AddressSpaceKey address_space_of(const Walk& walk);
AddressSpaceKey address_space_of(riscv::Privilege privilege, uint64_t satp);

struct ShadowCounters {
  uint64_t installs = 0;
  uint64_t activations = 0;
  uint64_t address_space_hits = 0;
  uint64_t address_space_misses = 0;
  uint64_t evictions = 0;
  uint64_t guest_pte_changes = 0;  // found by sync_guest_changes
  uint64_t guest_pte_checks = 0;   // tracked PTEs re-read by sync_guest_changes
  uint64_t full_flushes = 0;       // tracker or page pool exhausted
};

// The root to load into the host satp.
struct ActiveShadow {
  uint64_t root_hpa = 0;
  AddressSpaceKey key;
  ShadowView view;
};

class ShadowMmu {
 public:
  static constexpr size_t max_address_spaces = 8;

  ShadowMmu(PageAllocator& pages, HostMemory& host, GuestPhysicalMemory& guest, DiffSink* diffs,
            uint64_t hypervisor_window_pte = 0, PagingMode shadow_mode = PagingMode::sv39)
      : tables_(pages, host, diffs, hypervisor_window_pte, shadow_mode),
        host_(host),
        guest_(guest),
        diffs_(diffs) {}

  // At satp writes, privilege changes and SUM/MXR changes: the shadow root for the vCPU's
  // new state, reusing a cached address space when there is one.
  [[nodiscard]] std::optional<ActiveShadow> activate(riscv::Privilege privilege, uint64_t mstatus,
                                                     uint64_t satp);

  // After a successful guest walk for a faulting access: map its page for `view`, without
  // the `withheld` rights (see withhold_rights; the faulting access must keep its own).
  // With `max_level` > 0 the shadow may map a superpage (up to that level) where the
  // guest's own leaf (or untranslated memory) and the RAM region behind it cover one: one
  // fill instead of 512.
  ShadowStatus install(const Walk& walk, ShadowView view, uint64_t withheld = 0,
                       unsigned max_level = 0);

  // sfence.vma forms: drop shadow mappings (roots stay allocated).
  void invalidate_all();
  void invalidate_va(uint64_t va);
  void invalidate_asid(uint16_t asid);
  void invalidate_va_asid(uint64_t va, uint16_t asid);

  // Re-reads every guest PTE a shadow depends on; records a guest diff for each that
  // changed and drops the shadow span it covered. Returns the number of changes.
  size_t sync_guest_changes();
  // The guest fenced (sfence.vma or a satp write): re-reads the PTEs of the active address
  // space now and those of every other space when it is next activated -- no later than
  // the guest could use them, and without scanning every space at every fence.
  size_t fence_guest_changes();

  [[nodiscard]] const ShadowCounters& counters() const { return counters_; }
  [[nodiscard]] ShadowPageTables& tables() { return tables_; }
  [[nodiscard]] size_t tracked_guest_ptes() const { return tracker_.size(); }
  // The shadow root of `key` for `view`, if built.
  [[nodiscard]] std::optional<uint64_t> root_of(const AddressSpaceKey& key, ShadowView view) const;

 private:
  struct AddressSpace {
    bool in_use = false;
    AddressSpaceKey key;
    uint64_t last_used = 0;
    std::array<uint64_t, ShadowView::count> roots{};  // 0 = not built yet
    uint64_t synced_fence = 0;                        // the last fence its PTEs were re-read at
  };

  std::optional<uint8_t> find_space(const AddressSpaceKey& key) const;
  std::optional<uint8_t> acquire_space(const AddressSpaceKey& key);
  std::optional<uint8_t> victim_space() const;
  void release_space(uint8_t space);
  std::optional<uint64_t> root_for(uint8_t space, ShadowView view);
  void clear_space(uint8_t space);
  void unmap_span_in_space(uint8_t space, uint64_t va, unsigned level);
  void invalidate_va_in_space(uint8_t space, uint64_t va);
  [[nodiscard]] bool track_walk(uint8_t space, const Walk& walk);
  void flush_everything();
  void release_other_spaces(uint8_t keep);
  ShadowStatus map_with_retry(uint8_t space, const Walk& walk, ShadowView view, uint64_t va,
                              uint64_t hpa, uint64_t flags, unsigned level);
  [[nodiscard]] unsigned shadow_leaf_level(const Walk& walk, unsigned max_level) const;
  void record_guest_change(const ChangedPte& change);
  size_t sync_space(uint8_t space);
  void drop_changed(const ChangedPte& change);

  ShadowPageTables tables_;
  HostMemory& host_;
  GuestPhysicalMemory& guest_;
  DiffSink* diffs_;
  GuestPteTracker tracker_;
  std::array<AddressSpace, max_address_spaces> spaces_{};
  std::optional<uint8_t> active_;
  uint64_t clock_ = 0;
  uint64_t fences_ = 0;
  ShadowCounters counters_;
};

}  // namespace gh::mmu
