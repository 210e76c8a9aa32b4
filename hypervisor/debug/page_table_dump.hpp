// `monitor pagetable` and `monitor shadow`: the mappings of an Sv39/Sv48 page table,
// contiguous leaves with the same permissions merged into one line each:
//   0x80200000-0x80400000 -> 0x80200000 rwx---ad
// The walk is tae::visit_page_table's (the guest's table from guest RAM, the shadow from
// the hypervisor's pages); the service hart runs it while the vCPU is held.
#pragma once

#include "core/text.hpp"
#include "tae/page_table_snapshot.hpp"

namespace gh::debug {

// Prints the mappings of `table`, at most `max_lines` lines. Returns the lines printed.
unsigned dump_page_table(tae::VirtualMachine& vm, const tae::PageTableRoot& table,
                         core::Writer& out, unsigned max_lines = 64);

}  // namespace gh::debug
