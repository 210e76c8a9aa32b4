#include "mmu/shadow_page_table.hpp"

#include "riscv/csr.hpp"

namespace gh::mmu {
namespace {

namespace pte = riscv::pte;

bool is_pointer(uint64_t value) {
  return (value & pte::v) != 0 && (value & (pte::r | pte::w | pte::x)) == 0;
}

}  // namespace

uint64_t ShadowPageTables::sign_extend(uint64_t va) const {
  const unsigned unused = 64 - va_bits_;
  return static_cast<uint64_t>(static_cast<int64_t>(va << unused) >> unused);
}

uint64_t ShadowPageTables::entry_va(uint64_t table_va, unsigned index, unsigned level) const {
  return sign_extend(table_va + index * level_span(level));
}

uint64_t& ShadowPageTables::entry(uint64_t table, unsigned index) {
  return *host_.word(table + index * pte_bytes);
}

bool ShadowPageTables::is_window_leaf(uint64_t va, unsigned level) const {
  return level == 1 && align_down(va, level_span(1)) == hypervisor_window_base;
}

// A table entry at level >= 2 whose span holds the window: its table is per root, but
// its window entry must survive clearing.
bool ShadowPageTables::is_window_pointer(uint64_t va, unsigned level) const {
  const uint64_t span = level_span(level);
  return level >= 2 && window_pte_ != 0 &&
         align_down(sign_extend(va), span) == align_down(hypervisor_window_base, span);
}

void ShadowPageTables::write_entry(uint64_t root, uint64_t table, uint64_t va, unsigned level,
                                   uint64_t value) {
  uint64_t& slot = entry(table, table_index(va, level));
  const uint64_t old = slot;
  store_word(&slot, value);
  if (diffs_ == nullptr) return;
  diffs_->record({.table = TableKind::shadow,
                  .level = static_cast<uint8_t>(level),
                  .root = root,
                  .va = sign_extend(align_down(va, level_span(level))),
                  .pte_address = table + table_index(va, level) * pte_bytes,
                  .old_pte = old,
                  .new_pte = value});
}

std::optional<uint64_t> ShadowPageTables::create_root() {
  const std::optional<uint64_t> root = pages_.allocate_page();
  if (!root || window_pte_ == 0) return root;
  if (!build_window(*root)) {
    destroy_root(*root);
    return std::nullopt;
  }
  return root;
}

// Root -> ... -> level-1 table whose entry for the window is `window_pte_`.
bool ShadowPageTables::build_window(uint64_t root) {
  uint64_t table = root;
  for (unsigned level = levels_ - 1; level > 1; --level) {
    const std::optional<uint64_t> next = next_table(root, table, hypervisor_window_base, level);
    if (!next) return false;
    table = *next;
  }
  write_entry(root, table, hypervisor_window_base, 1, window_pte_);
  return true;
}

void ShadowPageTables::destroy_root(uint64_t root) { free_table(root, 0, levels_ - 1); }

// Frees `table` and the tables below it, but never what the window entry points at.
void ShadowPageTables::free_table(uint64_t table, uint64_t table_va, unsigned level) {
  for (unsigned index = 0; index < entries_per_table && level > 0; ++index) {
    const uint64_t value = entry(table, index);
    const uint64_t va = entry_va(table_va, index, level);
    if (is_pointer(value) && !is_window_leaf(va, level)) free_table(pte::pa(value), va, level - 1);
  }
  pages_.free_page(table);
}

std::optional<uint64_t> ShadowPageTables::next_table(uint64_t root, uint64_t table, uint64_t va,
                                                     unsigned level) {
  const uint64_t value = entry(table, table_index(va, level));
  if (is_pointer(value)) return pte::pa(value);
  const std::optional<uint64_t> fresh = pages_.allocate_page();
  if (fresh) write_entry(root, table, va, level, pte::make(*fresh, pte::v));
  return fresh;
}

ShadowStatus ShadowPageTables::map_page(uint64_t root, uint64_t va, uint64_t hpa, uint64_t flags) {
  return map_leaf(root, va, hpa, flags, 0);
}

ShadowStatus ShadowPageTables::map_leaf(uint64_t root, uint64_t va, uint64_t hpa, uint64_t flags,
                                        unsigned level) {
  if (!is_canonical(va, va_bits_)) return ShadowStatus::va_not_shadowable;
  if (in_hypervisor_window(va)) return ShadowStatus::va_in_hypervisor_window;
  uint64_t table = root;
  for (unsigned current = levels_ - 1; current > level; --current) {
    const std::optional<uint64_t> next = next_table(root, table, va, current);
    if (!next) return ShadowStatus::out_of_pages;
    table = *next;
  }
  // A superpage replaces the smaller mappings below it.
  if (level > 0 && is_pointer(entry(table, table_index(va, level)))) {
    clear_entry(root, table, va, level);
  }
  write_entry(root, table, va, level, pte::make(align_down(hpa, level_span(level)), flags));
  return ShadowStatus::ok;
}

void ShadowPageTables::clear_table(uint64_t root, uint64_t table, uint64_t table_va,
                                   unsigned level) {
  for (unsigned index = 0; index < entries_per_table; ++index) {
    clear_entry(root, table, entry_va(table_va, index, level), level);
  }
}

void ShadowPageTables::clear_entry(uint64_t root, uint64_t table, uint64_t va, unsigned level) {
  if (is_window_leaf(va, level)) return;
  const uint64_t value = entry(table, table_index(va, level));
  if ((value & pte::v) == 0) return;
  const uint64_t span_va = sign_extend(align_down(va, level_span(level)));
  if (is_window_pointer(va, level)) {
    clear_table(root, pte::pa(value), span_va, level - 1);
    return;
  }
  write_entry(root, table, va, level, 0);
  if (level > 0 && is_pointer(value)) free_table(pte::pa(value), span_va, level - 1);
}

void ShadowPageTables::unmap_span(uint64_t root, uint64_t va, unsigned level) {
  if (!is_canonical(va, va_bits_)) return;
  uint64_t table = root;
  for (unsigned current = levels_ - 1; current > level; --current) {
    const uint64_t value = entry(table, table_index(va, current));
    if (!is_pointer(value)) {
      // A superpage covering the span goes as a whole.
      if ((value & pte::v) != 0) clear_entry(root, table, va, current);
      return;
    }
    table = pte::pa(value);
  }
  clear_entry(root, table, va, level);
}

void ShadowPageTables::clear(uint64_t root) { clear_table(root, root, 0, levels_ - 1); }

uint64_t ShadowPageTables::leaf(uint64_t root, uint64_t va) {
  if (!is_canonical(va, va_bits_)) return 0;
  uint64_t table = root;
  for (unsigned level = levels_ - 1;; --level) {
    const uint64_t value = entry(table, table_index(va, level));
    if (!is_pointer(value) || level == 0) return value;
    table = pte::pa(value);
  }
}

}  // namespace gh::mmu
