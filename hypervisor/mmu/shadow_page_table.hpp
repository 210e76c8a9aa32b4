// Shadow page tables (Sv39, or Sv48 for Sv48 guests when the host has it) in host memory:
// 4 KiB leaves mapping gva -> hpa, every write recorded as a shadow diff. The top 2 MiB of
// the address space is the hypervisor's window: the guest can never map it, and every root
// carries the same window entry.
#pragma once

#include <cstdint>
#include <optional>

#include "mmu/host_memory.hpp"
#include "mmu/page_allocator.hpp"
#include "mmu/page_table_diff.hpp"
#include "mmu/paging.hpp"
#include "mmu/satp.hpp"

namespace gh::mmu {

constexpr uint64_t hypervisor_window_base = 0xFFFF'FFFF'FFE0'0000;
constexpr uint64_t hypervisor_window_size = 2ull << 20;

enum class [[nodiscard]] ShadowStatus : uint8_t{
    ok,
    out_of_pages,
    va_not_shadowable,          // not a canonical Sv39 address (Sv48/Sv57 guests)
    va_in_hypervisor_window,    // the guest can never map the hypervisor's window
    not_ram,                    // MMIO gpas are never mapped: accesses must trap
    access_not_granted,         // the view gets no right for this access: reflect the fault
    walk_failed,                // only successful walks are shadowed
    address_space_unavailable,  // the root cache could not provide a shadow root
};

constexpr const char* shadow_status_name(ShadowStatus status) {
  switch (status) {
    case ShadowStatus::ok:
      return "ok";
    case ShadowStatus::out_of_pages:
      return "out of shadow pages";
    case ShadowStatus::va_not_shadowable:
      return "va not shadowable in Sv39";
    case ShadowStatus::va_in_hypervisor_window:
      return "va in hypervisor window";
    case ShadowStatus::not_ram:
      return "gpa is not RAM";
    case ShadowStatus::access_not_granted:
      return "access not granted to this view";
    case ShadowStatus::walk_failed:
      return "walk failed";
    case ShadowStatus::address_space_unavailable:
      return "address space unavailable";
  }
  return "?";
}

constexpr bool in_hypervisor_window(uint64_t va) { return va >= hypervisor_window_base; }

class ShadowPageTables {
 public:
  // `window_pte` (0 = none) is placed in every root as the level-1 entry covering the
  // hypervisor window: a 2 MiB leaf, or a pointer to a level-0 table the hypervisor owns.
  // `mode` is the host's paging mode for the shadow: Sv39 or Sv48.
  ShadowPageTables(PageAllocator& pages, HostMemory& host, DiffSink* diffs, uint64_t window_pte = 0,
                   PagingMode mode = PagingMode::sv39)
      : pages_(pages),
        host_(host),
        diffs_(diffs),
        window_pte_(window_pte),
        levels_(paging_levels(mode)),
        va_bits_(virtual_address_bits(mode)) {}

  [[nodiscard]] unsigned levels() const { return levels_; }
  [[nodiscard]] unsigned va_bits() const { return va_bits_; }
  // The host satp MODE field value for these tables.
  [[nodiscard]] uint64_t satp_mode() const {
    return satp_mode_field(levels_ == 4 ? PagingMode::sv48 : PagingMode::sv39);
  }

  [[nodiscard]] std::optional<uint64_t> create_root();
  // Frees the root and every table below it (not the hypervisor's window tables).
  void destroy_root(uint64_t root);

  ShadowStatus map_page(uint64_t root, uint64_t va, uint64_t hpa, uint64_t flags);
  // A leaf at `level` (0: 4 KiB, 1: 2 MiB, 2: 1 GiB); va and hpa are aligned down to it.
  ShadowStatus map_leaf(uint64_t root, uint64_t va, uint64_t hpa, uint64_t flags, unsigned level);
  // Clears every guest mapping in the level-sized span containing `va`.
  void unmap_span(uint64_t root, uint64_t va, unsigned level);
  void unmap_page(uint64_t root, uint64_t va) { unmap_span(root, va, 0); }
  // Clears every guest mapping, keeping the root and the window.
  void clear(uint64_t root);

  // The leaf PTE mapping `va` (0 when none): for tests and the inspector.
  [[nodiscard]] uint64_t leaf(uint64_t root, uint64_t va);
  [[nodiscard]] DiffSink* diffs() const { return diffs_; }

 private:
  uint64_t& entry(uint64_t table, unsigned index);
  void write_entry(uint64_t root, uint64_t table, uint64_t va, unsigned level, uint64_t value);
  std::optional<uint64_t> next_table(uint64_t root, uint64_t table, uint64_t va, unsigned level);
  void clear_entry(uint64_t root, uint64_t table, uint64_t va, unsigned level);
  void clear_table(uint64_t root, uint64_t table, uint64_t table_va, unsigned level);
  void free_table(uint64_t table, uint64_t table_va, unsigned level);
  [[nodiscard]] bool is_window_leaf(uint64_t va, unsigned level) const;
  [[nodiscard]] bool is_window_pointer(uint64_t va, unsigned level) const;
  [[nodiscard]] uint64_t sign_extend(uint64_t va) const;
  [[nodiscard]] uint64_t entry_va(uint64_t table_va, unsigned index, unsigned level) const;
  [[nodiscard]] bool build_window(uint64_t root);

  PageAllocator& pages_;
  HostMemory& host_;
  DiffSink* diffs_;
  uint64_t window_pte_;
  unsigned levels_;
  unsigned va_bits_;
};

}  // namespace gh::mmu
