#include "mmu/page_table_walker.hpp"

namespace gh::mmu {
namespace {

namespace pte = riscv::pte;
using riscv::Exception;
using riscv::Privilege;

constexpr uint64_t rwx = pte::r | pte::w | pte::x;
// Bits 63:54: N (Svnapot), PBMT (Svpbmt) and the reserved field. QEMU 7.2 without
// Svnapot/Svpbmt rejects a PTE with any of them set.
constexpr uint64_t high_bits = ~0ull << 54;
// A compare-and-swap that keeps losing means another hart is rewriting the PTE in a
// loop; QEMU would retry forever, we give up with a page fault.
constexpr unsigned max_walk_attempts = 64;

enum class Pass : uint8_t { finished, restart };

Walk begin_walk(const TranslationContext& context, uint64_t gva, AccessType access) {
  Walk walk;
  walk.gva = gva;
  walk.access = access;
  walk.context = context;
  walk.satp = decode_satp(context.satp);
  return walk;
}

Walk& fail(Walk& walk, WalkRule rule, int level) {
  walk.outcome = WalkOutcome::page_fault;
  walk.failed_rule = rule;
  walk.failed_level = static_cast<int8_t>(level);
  return walk;
}

Walk& finish_at_gpa(Walk& walk, uint64_t gpa, const GuestPhysicalMemory& memory) {
  walk.gpa = gpa;
  walk.region = memory.lookup(gpa);
  if (walk.region.kind == RegionKind::hole) {
    walk.outcome = WalkOutcome::access_fault;
    walk.failed_rule = WalkRule::gpa_outside_guest_memory;
    walk.failed_level = -1;
  } else {
    walk.outcome = WalkOutcome::translated;
  }
  return walk;
}

bool is_pointer(uint64_t entry) { return (entry & rwx) == 0; }

WalkRule check_entry_format(uint64_t entry) {
  if ((entry & high_bits) != 0) return WalkRule::reserved_bits_set;
  if ((entry & pte::v) == 0) return WalkRule::invalid_pte;
  if (is_pointer(entry) && (entry & (pte::d | pte::a | pte::u)) != 0) {
    return WalkRule::non_leaf_with_leaf_bits;
  }
  return WalkRule::none;
}

WalkRule check_leaf_encoding(uint64_t entry) {
  if ((entry & rwx) == pte::w) return WalkRule::write_without_read;
  if ((entry & rwx) == (pte::w | pte::x)) return WalkRule::write_execute_without_read;
  return WalkRule::none;
}

WalkRule check_privilege(const Walk& walk, uint64_t entry) {
  const Privilege privilege = walk.context.privilege;
  const bool fetch = walk.access == AccessType::fetch;
  if ((entry & pte::u) != 0 && privilege != Privilege::user) {
    if (fetch) return WalkRule::user_page_fetch_in_supervisor;
    if (!walk.context.sum) return WalkRule::user_page_in_supervisor;
  }
  if ((entry & pte::u) == 0 && privilege != Privilege::supervisor) {
    return WalkRule::supervisor_page_in_user;
  }
  return WalkRule::none;
}

bool superpage_is_misaligned(uint64_t entry, unsigned level) {
  const uint64_t ppn = (entry >> pte::ppn_shift) & pte::ppn_mask;
  return (ppn & ((1ull << (level * pte_index_bits)) - 1)) != 0;
}

WalkRule check_access(const Walk& walk, uint64_t entry) {
  switch (walk.access) {
    case AccessType::load: {
      const bool readable = (entry & pte::r) != 0 || ((entry & pte::x) != 0 && walk.context.mxr);
      return readable ? WalkRule::none : WalkRule::load_not_readable;
    }
    case AccessType::store:
      return (entry & pte::w) != 0 ? WalkRule::none : WalkRule::store_not_writable;
    case AccessType::fetch:
      return (entry & pte::x) != 0 ? WalkRule::none : WalkRule::fetch_not_executable;
  }
  return WalkRule::none;
}

// The leaf checks, in QEMU's order.
WalkRule check_leaf(const Walk& walk, uint64_t entry, unsigned level) {
  if (WalkRule rule = check_leaf_encoding(entry); rule != WalkRule::none) return rule;
  if (WalkRule rule = check_privilege(walk, entry); rule != WalkRule::none) return rule;
  if (superpage_is_misaligned(entry, level)) return WalkRule::misaligned_superpage;
  return check_access(walk, entry);
}

uint64_t leaf_gpa(uint64_t entry, unsigned level, uint64_t gva) {
  const uint64_t span = level_span(level);
  return align_down(pte::pa(entry), span) | (gva & (span - 1));
}

void record_accessed_dirty(const Walk& walk, const WalkStep& step, uint64_t updated,
                           DiffSink* diffs) {
  if (diffs == nullptr) return;
  diffs->record({.table = TableKind::guest,
                 .level = step.level,
                 .root = walk.satp.root_gpa,
                 .va = align_down(walk.gva, level_span(step.level)),
                 .pte_address = step.pte_gpa,
                 .old_pte = step.pte,
                 .new_pte = updated});
}

// Sets A (and D for stores) like the hardware: compare-and-swap, re-walk if the PTE moved.
Pass update_accessed_dirty(Walk& walk, const WalkStep& step, GuestPhysicalMemory& memory,
                           const WalkOptions& options) {
  const uint64_t dirty = walk.access == AccessType::store ? pte::d : 0;
  const uint64_t updated = step.pte | pte::a | dirty;
  walk.leaf_pte = step.pte;
  if (updated == step.pte || !options.update_accessed_dirty) return Pass::finished;
  const std::optional<uint64_t> found = memory.compare_exchange64(step.pte_gpa, step.pte, updated);
  if (!found) {
    fail(walk, WalkRule::pte_not_in_ram, step.level);
    return Pass::finished;
  }
  if (*found != step.pte) return Pass::restart;
  walk.leaf_pte = updated;
  record_accessed_dirty(walk, step, updated, options.diffs);
  return Pass::finished;
}

Pass finish_leaf(Walk& walk, const WalkStep& step, GuestPhysicalMemory& memory,
                 const WalkOptions& options) {
  if (WalkRule rule = check_leaf(walk, step.pte, step.level); rule != WalkRule::none) {
    fail(walk, rule, step.level);
    return Pass::finished;
  }
  if (update_accessed_dirty(walk, step, memory, options) == Pass::restart) return Pass::restart;
  if (walk.failed_rule != WalkRule::none) return Pass::finished;
  walk.leaf_level = step.level;
  finish_at_gpa(walk, leaf_gpa(step.pte, step.level, walk.gva), memory);
  return Pass::finished;
}

WalkStep& record_step(Walk& walk, uint64_t table, unsigned level) {
  WalkStep& step = walk.steps[walk.step_count++];
  step.level = static_cast<uint8_t>(level);
  step.index = static_cast<uint16_t>(table_index(walk.gva, level));
  step.table_gpa = table;
  step.pte_gpa = table + step.index * pte_bytes;
  step.pte = 0;
  return step;
}

Pass walk_tables_once(Walk& walk, GuestPhysicalMemory& memory, const WalkOptions& options) {
  walk.step_count = 0;
  uint64_t table = walk.satp.root_gpa;
  for (int level = static_cast<int>(paging_levels(walk.satp.mode)) - 1; level >= 0; --level) {
    WalkStep& step = record_step(walk, table, static_cast<unsigned>(level));
    const std::optional<uint64_t> entry = memory.read64(step.pte_gpa);
    if (!entry) {
      fail(walk, WalkRule::pte_not_in_ram, level);
      return Pass::finished;
    }
    step.pte = *entry;
    if (WalkRule rule = check_entry_format(step.pte); rule != WalkRule::none) {
      fail(walk, rule, level);
      return Pass::finished;
    }
    if (!is_pointer(step.pte)) return finish_leaf(walk, step, memory, options);
    table = pte::pa(step.pte);
  }
  fail(walk, WalkRule::no_leaf_at_last_level, 0);
  return Pass::finished;
}

void walk_tables(Walk& walk, GuestPhysicalMemory& memory, const WalkOptions& options) {
  for (unsigned attempt = 0; attempt < max_walk_attempts; ++attempt) {
    if (walk_tables_once(walk, memory, options) == Pass::finished) return;
  }
  fail(walk, WalkRule::pte_kept_changing, walk.steps[walk.step_count - 1].level);
}

}  // namespace

Privilege effective_privilege(Privilege current, uint64_t mstatus, AccessType access) {
  if (current != Privilege::machine || access == AccessType::fetch) return current;
  if ((mstatus & riscv::mstatus::mprv) == 0) return current;
  return static_cast<Privilege>((mstatus & riscv::mstatus::mpp) >> riscv::mstatus::mpp_shift);
}

bool mprv_in_effect(Privilege current, uint64_t mstatus) {
  return effective_privilege(current, mstatus, AccessType::load) != current;
}

TranslationContext translation_context(Privilege privilege, uint64_t mstatus, uint64_t satp,
                                       AccessType access) {
  return {.satp = satp,
          .privilege = effective_privilege(privilege, mstatus, access),
          .sum = (mstatus & riscv::mstatus::sum) != 0,
          .mxr = (mstatus & riscv::mstatus::mxr) != 0};
}

Walk walk_guest_page_table(const TranslationContext& context, uint64_t gva, AccessType access,
                           GuestPhysicalMemory& memory, const WalkOptions& options) {
  Walk walk = begin_walk(context, gva, access);
  if (context.privilege == Privilege::machine) return finish_at_gpa(walk, gva, memory);
  if (!walk.satp.mode_known) return fail(walk, WalkRule::unsupported_satp_mode, -1);
  if (walk.satp.mode == PagingMode::bare) return finish_at_gpa(walk, gva, memory);
  walk.translated_by_tables = true;
  if (!is_canonical(gva, virtual_address_bits(walk.satp.mode))) {
    return fail(walk, WalkRule::non_canonical_address, -1);
  }
  walk_tables(walk, memory, options);
  return walk;
}

Exception page_fault_cause(AccessType access) {
  switch (access) {
    case AccessType::load:
      return Exception::load_page_fault;
    case AccessType::store:
      return Exception::store_page_fault;
    case AccessType::fetch:
      return Exception::instruction_page_fault;
  }
  return Exception::load_page_fault;
}

Exception access_fault_cause(AccessType access) {
  switch (access) {
    case AccessType::load:
      return Exception::load_access_fault;
    case AccessType::store:
      return Exception::store_access_fault;
    case AccessType::fetch:
      return Exception::instruction_access_fault;
  }
  return Exception::load_access_fault;
}

std::optional<Exception> Walk::exception() const {
  switch (outcome) {
    case WalkOutcome::translated:
      return std::nullopt;
    case WalkOutcome::page_fault:
      return page_fault_cause(access);
    case WalkOutcome::access_fault:
      return access_fault_cause(access);
  }
  return std::nullopt;
}

}  // namespace gh::mmu
