// rule_in_plain_words: what each mmu::WalkRule means, for a lecture audience.
#include "mmu/walk_rule.hpp"
#include "translation_explainer.hpp"

namespace gh::inspector {

using mmu::WalkRule;

std::string rule_in_plain_words(uint8_t rule) {
  switch (static_cast<WalkRule>(rule)) {
    case WalkRule::none:
      return "Nothing failed.";
    case WalkRule::unsupported_satp_mode:
      return "satp.MODE names a paging mode this hart does not implement.";
    case WalkRule::non_canonical_address:
      return "The gva is not canonical: the bits above the top VPN must all copy its highest "
             "bit (bit 38 for Sv39).";
    case WalkRule::pte_not_in_ram:
      return "The PTE's address is not guest RAM, so the walker cannot read it.";
    case WalkRule::reserved_bits_set:
      return "The PTE sets bits 63..54 (N, PBMT or reserved), which this hart rejects.";
    case WalkRule::invalid_pte:
      return "The PTE's V bit is 0: nothing is mapped here.";
    case WalkRule::non_leaf_with_leaf_bits:
      return "A pointer PTE (R=W=X=0) must have D, A and U clear.";
    case WalkRule::no_leaf_at_last_level:
      return "The level-0 PTE is a pointer: the walk ran out of levels without a leaf.";
    case WalkRule::write_without_read:
      return "The leaf has W=1 but R=0, an encoding the spec reserves.";
    case WalkRule::write_execute_without_read:
      return "The leaf has W=1 and X=1 but R=0, an encoding the spec reserves.";
    case WalkRule::user_page_in_supervisor:
      return "S-mode touched a U=1 page while sstatus.SUM is 0.";
    case WalkRule::user_page_fetch_in_supervisor:
      return "S-mode may never execute from a U=1 page, whatever SUM says.";
    case WalkRule::supervisor_page_in_user:
      return "U-mode touched a page with U=0 (a kernel page).";
    case WalkRule::misaligned_superpage:
      return "A superpage leaf's low PPN bits must be 0 (its physical address must be aligned "
             "to its size).";
    case WalkRule::load_not_readable:
      return "A load from a page with R=0 (and not X with MXR).";
    case WalkRule::store_not_writable:
      return "A store to a page with W=0.";
    case WalkRule::fetch_not_executable:
      return "An instruction fetch from a page with X=0.";
    case WalkRule::pte_kept_changing:
      return "Another hart kept rewriting the PTE while the walker tried to set A/D.";
    case WalkRule::gpa_outside_guest_memory:
      return "The tables translate fine, but the gpa is neither RAM nor a device.";
  }
  return "Unknown rule " + std::to_string(rule) + ".";
}

}  // namespace gh::inspector
