// Every valid entry of a page table (the guest's, read from its RAM, or a shadow, read
// from the hypervisor's own pages), root first, each table's entries in index order: what
// the event stream's snapshot-pt sends and gdb's `monitor pagetable`/`shadow` print.
#pragma once

#include <cstdint>
#include <optional>

#include "tae/virtual_machine.hpp"

namespace gh::tae {

class TaeVcpu;

struct PageTableRoot {
  uint64_t root = 0;    // guest: gpa; shadow: hpa
  unsigned levels = 0;  // 3: Sv39, 4: Sv48
  bool shadow = false;
};

// The table `vcpu` translates with now: its guest table (nothing when its satp is Bare
// or names no mode the hart has) or its active shadow table.
std::optional<PageTableRoot> current_page_table(TaeVcpu& vcpu, bool shadow);

struct VisitedPte {
  uint8_t level = 0;
  uint16_t index = 0;
  uint64_t va = 0;  // first virtual address the entry covers (sign-extended)
  uint64_t pte_address = 0;
  uint64_t pte = 0;
};

class PteVisitor {
 public:
  // False stops the walk.
  virtual bool visit(const VisitedPte& entry) = 0;

 protected:
  ~PteVisitor() = default;
};

// Walks `table`. A guest table is read only where it lies in guest RAM. Returns false
// when the visitor stopped it early.
bool visit_page_table(VirtualMachine& vm, const PageTableRoot& table, PteVisitor& visitor);

}  // namespace gh::tae
