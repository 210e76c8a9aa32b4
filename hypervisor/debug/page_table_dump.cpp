#include "debug/page_table_dump.hpp"

#include "riscv/csr.hpp"

namespace gh::debug {
namespace {

namespace pte = riscv::pte;

constexpr uint64_t permission_bits = pte::r | pte::w | pte::x | pte::u | pte::g | pte::a | pte::d;

struct Range {
  uint64_t va = 0, pa = 0, size = 0, flags = 0;
};

class Dumper {
 public:
  Dumper(PteSource& source, unsigned levels, core::Writer& out, unsigned max_lines)
      : source_(source), levels_(levels), out_(out), max_lines_(max_lines) {}

  void table(uint64_t address, unsigned level, uint64_t va_base) {
    for (uint64_t index = 0; index < 512 && lines_ < max_lines_; ++index) {
      uint64_t entry = 0;
      if (!source_.read(address + index * 8, entry) || (entry & pte::v) == 0) continue;
      const uint64_t va = sign_extend(va_base | index << (12 + 9 * level));
      const uint64_t pa = ((entry >> pte::ppn_shift) & pte::ppn_mask) << 12;
      if ((entry & (pte::r | pte::w | pte::x)) == 0) {
        if (level > 0) table(pa, level - 1, va);
        continue;
      }
      leaf({va, pa, 1ull << (12 + 9 * level), entry & permission_bits});
    }
  }

  unsigned finish() {
    flush();
    if (lines_ >= max_lines_) out_.str("(more mappings not shown)\n");
    if (lines_ == 0) out_.str("no mappings\n");
    return lines_;
  }

 private:
  uint64_t sign_extend(uint64_t va) const {
    const unsigned bits = 12 + 9 * levels_;
    return (va >> (bits - 1)) & 1 ? va | ~((1ull << bits) - 1) : va;
  }

  void leaf(const Range& range) {
    if (open_.size != 0 && open_.va + open_.size == range.va && open_.pa + open_.size == range.pa &&
        open_.flags == range.flags) {
      open_.size += range.size;
      return;
    }
    flush();
    open_ = range;
  }

  void flush() {
    if (open_.size == 0 || lines_ >= max_lines_) return;
    out_.hex(open_.va).chr('-').hex(open_.va + open_.size).str(" -> ").hex(open_.pa).chr(' ');
    const char names[] = "rwxugad";
    const uint64_t bits[] = {pte::r, pte::w, pte::x, pte::u, pte::g, pte::a, pte::d};
    for (unsigned i = 0; i < 7; ++i) out_.chr((open_.flags & bits[i]) ? names[i] : '-');
    out_.nl();
    ++lines_;
    open_ = {};
  }

  PteSource& source_;
  unsigned levels_;
  core::Writer& out_;
  unsigned max_lines_;
  unsigned lines_ = 0;
  Range open_;
};

}  // namespace

unsigned dump_page_table(PteSource& source, uint64_t root, unsigned levels, core::Writer& out,
                         unsigned max_lines) {
  Dumper dumper(source, levels, out, max_lines);
  dumper.table(root, levels - 1, 0);
  return dumper.finish();
}

}  // namespace gh::debug
