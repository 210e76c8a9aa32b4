#include "debug/page_table_dump.hpp"

#include "riscv/csr.hpp"

namespace gh::debug {
namespace {

namespace pte = riscv::pte;

constexpr uint64_t permission_bits = pte::r | pte::w | pte::x | pte::u | pte::g | pte::a | pte::d;

struct Range {
  uint64_t va = 0, pa = 0, size = 0, flags = 0;
};

class Dumper final : public tae::PteVisitor {
 public:
  Dumper(core::Writer& out, unsigned max_lines) : out_(out), max_lines_(max_lines) {}

  bool visit(const tae::VisitedPte& entry) override {
    if ((entry.pte & (pte::r | pte::w | pte::x)) != 0) {
      leaf({entry.va, pte::pa(entry.pte), 1ull << (12 + 9 * entry.level),
            entry.pte & permission_bits});
    }
    return lines_ < max_lines_;
  }

  unsigned finish() {
    flush();
    if (lines_ >= max_lines_) out_.str("(more mappings not shown)\n");
    if (lines_ == 0) out_.str("no mappings\n");
    return lines_;
  }

 private:
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

  core::Writer& out_;
  unsigned max_lines_;
  unsigned lines_ = 0;
  Range open_;
};

}  // namespace

unsigned dump_page_table(tae::VirtualMachine& vm, const tae::PageTableRoot& table,
                         core::Writer& out, unsigned max_lines) {
  Dumper dumper(out, max_lines);
  (void)tae::visit_page_table(vm, table, dumper);
  return dumper.finish();
}

}  // namespace gh::debug
