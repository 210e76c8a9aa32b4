// Why a guest page-table walk failed: one rule per check of QEMU 7.2's walker
// (target/riscv/cpu_helper.c get_physical_address), in the order QEMU applies them.
#pragma once

#include <cstdint>

namespace gh::mmu {

enum class WalkRule : uint8_t {
  none,
  unsupported_satp_mode,          // MODE not Bare/Sv39/Sv48/Sv57 (cannot be written on QEMU)
  non_canonical_address,          // bits above the VA width are not a sign extension
  pte_not_in_ram,                 // the PTE's gpa is not guest RAM (QEMU: load fails -> page fault)
  reserved_bits_set,              // PTE bits 63:54 (N, PBMT, reserved) set; Svnapot/Svpbmt absent
  invalid_pte,                    // V = 0
  non_leaf_with_leaf_bits,        // pointer PTE with D, A or U set
  no_leaf_at_last_level,          // pointer PTE at level 0
  write_without_read,             // leaf W=1 R=0 X=0 (reserved)
  write_execute_without_read,     // leaf W=1 X=1 R=0 (reserved)
  user_page_in_supervisor,        // U page, S-mode, SUM clear
  user_page_fetch_in_supervisor,  // U page, S-mode instruction fetch (SUM irrelevant)
  supervisor_page_in_user,        // U=0 page accessed from U-mode
  misaligned_superpage,           // superpage PPN not aligned to its size
  load_not_readable,              // R=0 and not (X and MXR)
  store_not_writable,             // W=0
  fetch_not_executable,           // X=0
  pte_kept_changing,              // the A/D compare-and-swap lost too many races
  gpa_outside_guest_memory,       // translated fine, but the gpa is a hole: access fault
};

constexpr const char* walk_rule_name(WalkRule rule) {
  switch (rule) {
    case WalkRule::none:
      return "none";
    case WalkRule::unsupported_satp_mode:
      return "unsupported satp mode";
    case WalkRule::non_canonical_address:
      return "non-canonical address";
    case WalkRule::pte_not_in_ram:
      return "PTE not in guest RAM";
    case WalkRule::reserved_bits_set:
      return "PTE reserved bits set";
    case WalkRule::invalid_pte:
      return "PTE not valid";
    case WalkRule::non_leaf_with_leaf_bits:
      return "non-leaf PTE with D/A/U";
    case WalkRule::no_leaf_at_last_level:
      return "no leaf at last level";
    case WalkRule::write_without_read:
      return "W without R";
    case WalkRule::write_execute_without_read:
      return "W+X without R";
    case WalkRule::user_page_in_supervisor:
      return "U page in S-mode without SUM";
    case WalkRule::user_page_fetch_in_supervisor:
      return "S-mode fetch from U page";
    case WalkRule::supervisor_page_in_user:
      return "S page in U-mode";
    case WalkRule::misaligned_superpage:
      return "misaligned superpage";
    case WalkRule::load_not_readable:
      return "load from non-readable page";
    case WalkRule::store_not_writable:
      return "store to non-writable page";
    case WalkRule::fetch_not_executable:
      return "fetch from non-executable page";
    case WalkRule::pte_kept_changing:
      return "PTE kept changing during A/D update";
    case WalkRule::gpa_outside_guest_memory:
      return "gpa outside guest memory";
  }
  return "?";
}

}  // namespace gh::mmu
