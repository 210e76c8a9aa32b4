#include "tae/page_table_snapshot.hpp"

#include "riscv/csr.hpp"

namespace gh::tae {
namespace {

namespace pte = riscv::pte;

constexpr unsigned entries_per_table = 512;

class Walker {
 public:
  Walker(PteReader& reader, unsigned levels, PteVisitor& visitor)
      : reader_(reader), levels_(levels), visitor_(visitor) {}

  bool table(uint64_t address, unsigned level, uint64_t va_base) {
    for (unsigned index = 0; index < entries_per_table; ++index) {
      const uint64_t pte_address = address + index * 8ull;
      const std::optional<uint64_t> entry = reader_.read(pte_address);
      if (!entry || (*entry & pte::v) == 0) continue;
      const uint64_t va = va_base | uint64_t{index} << (12 + 9 * level);
      if (!visitor_.visit({.level = static_cast<uint8_t>(level),
                           .index = static_cast<uint16_t>(index),
                           .va = sign_extend(va),
                           .pte_address = pte_address,
                           .pte = *entry})) {
        return false;
      }
      const bool pointer = (*entry & (pte::r | pte::w | pte::x)) == 0;
      if (pointer && level > 0 && !table(pte::pa(*entry), level - 1, va)) return false;
    }
    return true;
  }

 private:
  uint64_t sign_extend(uint64_t va) const {
    const unsigned bits = 12 + 9 * levels_;
    return (va >> (bits - 1)) & 1 ? va | ~((1ull << bits) - 1) : va;
  }

  PteReader& reader_;
  unsigned levels_;
  PteVisitor& visitor_;
};

}  // namespace

bool visit_page_table(PteReader& reader, uint64_t root, unsigned levels, PteVisitor& visitor) {
  if (levels == 0 || levels > 5) return true;
  return Walker(reader, levels, visitor).table(root, levels - 1, 0);
}

}  // namespace gh::tae
