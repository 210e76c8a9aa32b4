// `monitor pagetable` and `monitor shadow`: the mappings of an Sv39/Sv48 page table,
// contiguous leaves with the same permissions merged into one line each:
//   0x80200000-0x80400000 -> 0x80200000 rwx---ad (2 pages of 1 MiB... as found)
// The guest's table is read from guest RAM, the shadow from host memory; both by the
// service hart while the vCPU is held.
#pragma once

#include <cstdint>

#include "core/text.hpp"

namespace gh::debug {

class PteSource {
 public:
  // The 8-byte entry at physical address `address`; nothing when it cannot be read.
  virtual bool read(uint64_t address, uint64_t& pte) = 0;

 protected:
  ~PteSource() = default;
};

// Prints the mappings under `root` (physical) for `levels` (3: Sv39, 4: Sv48), at most
// `max_lines` lines. Returns the number of lines printed.
unsigned dump_page_table(PteSource& source, uint64_t root, unsigned levels, core::Writer& out,
                         unsigned max_lines = 64);

}  // namespace gh::debug
