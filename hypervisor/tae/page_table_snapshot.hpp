// Every valid entry of a page table (guest or shadow), root first, each table's entries
// in index order: what the event stream's snapshot-pt request sends.
#pragma once

#include <cstdint>
#include <optional>

namespace gh::tae {

class PteReader {
 public:
  // The 8-byte entry at `address` (guest-physical or host-physical); nothing when it
  // cannot be read.
  virtual std::optional<uint64_t> read(uint64_t address) = 0;

 protected:
  ~PteReader() = default;
};

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

// Walks the table at `root` with `levels` levels (3: Sv39, 4: Sv48). Returns false when
// the visitor stopped it early.
bool visit_page_table(PteReader& reader, uint64_t root, unsigned levels, PteVisitor& visitor);

}  // namespace gh::tae
