#include "page_table_tree.hpp"

#include "pte_fields.hpp"
#include "riscv/csr.hpp"

namespace gh::inspector {

bool TableEntry::is_pointer() const {
  return state != nullptr && (state->pte & riscv::pte::v) && !decode_pte(state->pte).leaf();
}

uint64_t TableEntry::child_table() const { return riscv::pte::pa(state->pte); }

unsigned table_entries(events::PageTableKind kind, bool is_root) {
  return kind == events::PageTableKind::g_stage && is_root ? 2048 : 512;
}

uint64_t sv39_canonical(uint64_t va) { return (va >> 38) & 1 ? va | ~((1ull << 39) - 1) : va; }

std::vector<TableEntry> entries_of_table(const PteMap& ptes, uint64_t table, uint8_t level,
                                         uint64_t base_va, unsigned entry_count) {
  std::vector<TableEntry> out;
  const uint64_t end = table + entry_count * 8ull;
  for (auto it = ptes.lower_bound(table); it != ptes.end() && it->first < end; ++it) {
    const auto index = static_cast<uint16_t>((it->first - table) / 8);
    const uint64_t va = base_va + index * page_span(level);
    out.push_back({.address = it->first,
                   .index = index,
                   .level = level,
                   .va = level == 2 && entry_count == 512 ? sv39_canonical(va) : va,
                   .state = &it->second});
  }
  return out;
}

HostLookup lookup_in_table(const PteMap& ptes, uint64_t root, uint64_t address, unsigned levels,
                           unsigned root_entries) {
  HostLookup result{.root = root, .path = {}, .leaf = std::nullopt};
  uint64_t table = root;
  for (int level = static_cast<int>(levels) - 1; level >= 0; --level) {
    const unsigned mask = (level + 1 == static_cast<int>(levels) ? root_entries : 512) - 1;
    const auto index = static_cast<uint16_t>((address >> (12 + 9 * level)) & mask);
    const uint64_t pte_address = table + index * 8ull;
    auto found = ptes.find(pte_address);
    if (found == ptes.end() || !(found->second.pte & riscv::pte::v)) return result;
    const auto lvl = static_cast<uint8_t>(level);
    TableEntry entry{.address = pte_address,
                     .index = index,
                     .level = lvl,
                     .va = address & ~(page_span(lvl) - 1),
                     .state = &found->second};
    result.path.push_back(entry);
    if (!entry.is_pointer()) {
      result.leaf = entry;
      return result;
    }
    table = entry.child_table();
  }
  return result;
}

}  // namespace gh::inspector
