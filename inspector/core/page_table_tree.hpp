// A rebuilt table seen as a tree: the entries of one table page (children of a pointer
// PTE), and a walk through a host table (shadow or G-stage) to the entry that maps an
// address.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "page_table_history.hpp"

namespace gh::inspector {

struct TableEntry {
  uint64_t address = 0;  // of the PTE
  uint16_t index = 0;
  uint8_t level = 0;
  uint64_t va = 0;  // first address the entry covers
  const PteState* state = nullptr;

  [[nodiscard]] bool is_pointer() const;
  [[nodiscard]] uint64_t child_table() const;  // pointer: the next table's address
};

// The number of entries of a table: 512, or 2048 for a G-stage root (Sv39x4).
unsigned table_entries(events::PageTableKind kind, bool is_root);

// The valid (or recently changed) entries of the table at `table` (a level-`level`
// table whose first entry covers `base_va`), in index order.
std::vector<TableEntry> entries_of_table(const PteMap& ptes, uint64_t table, uint8_t level,
                                         uint64_t base_va, unsigned entry_count = 512);

// Sign-extends an Sv39 address (bit 38) the way the walk sees it.
uint64_t sv39_canonical(uint64_t va);

struct HostLookup {
  uint64_t root = 0;
  std::vector<TableEntry> path;  // one entry per level visited
  std::optional<TableEntry> leaf;
};

// Walks the rebuilt table at `root` (Sv39, `levels` levels) for `address`.
HostLookup lookup_in_table(const PteMap& ptes, uint64_t root, uint64_t address, unsigned levels = 3,
                           unsigned root_entries = 512);

}  // namespace gh::inspector
