#include "translation_explainer.hpp"

#include "devices/virt_platform.hpp"
#include "mmu/walk_rule.hpp"
#include "names.hpp"
#include "pte_fields.hpp"
#include "riscv/csr.hpp"

namespace gh::inspector {

using events::TranslationRecord;
using mmu::WalkRule;
using model::hex;

namespace {

class LineBuilder {
 public:
  explicit LineBuilder(std::vector<ExplanationLine>& lines, int indent = 0) : lines_(lines) {
    lines_.push_back({{}, indent});
  }
  LineBuilder& add(std::string text, TextRole role = TextRole::plain) {
    lines_.back().spans.push_back({std::move(text), role});
    return *this;
  }
  LineBuilder& gva(uint64_t v) { return add(hex(v), TextRole::gva); }
  LineBuilder& gpa(uint64_t v) { return add(hex(v), TextRole::gpa); }
  LineBuilder& hpa(uint64_t v) { return add(hex(v), TextRole::hpa); }

 private:
  std::vector<ExplanationLine>& lines_;
};

unsigned levels_of_satp(uint64_t satp) {
  switch (satp >> riscv::satp::mode_shift) {
    case riscv::satp::mode_sv39:
      return 3;
    case riscv::satp::mode_sv48:
      return 4;
    case riscv::satp::mode_sv57:
      return 5;
    default:
      return 0;
  }
}

std::string satp_mode_name(uint64_t satp) {
  const unsigned levels = levels_of_satp(satp);
  if (levels == 0) return (satp >> riscv::satp::mode_shift) == 0 ? "Bare" : "unknown";
  return "Sv" + std::to_string(12 + 9 * levels);
}

void explain_heading(std::vector<ExplanationLine>& lines, const TranslationRecord& w,
                     const ExplainContext& context) {
  LineBuilder line(lines);
  line.add("Translate ", TextRole::heading).gva(w.gva);
  line.add(std::string(" for a ") + model::access_name(w.access));
  if (context.mode) line.add(std::string(" in ") + model::mode_letter(*context.mode) + "-mode");
}

void explain_satp(std::vector<ExplanationLine>& lines, const TranslationRecord& w) {
  const uint64_t asid = (w.satp >> riscv::satp::asid_shift) & riscv::satp::asid_mask;
  const uint64_t ppn = w.satp & riscv::satp::ppn_mask;
  LineBuilder(lines).add("satp " + hex(w.satp) + " = MODE " + satp_mode_name(w.satp) + " | ASID " +
                         std::to_string(asid) + " | PPN " + hex(ppn));
  LineBuilder(lines, 1).add("->  root table at gpa ").gpa(ppn << 12);
  const unsigned levels = levels_of_satp(w.satp);
  if (levels == 0) return;
  LineBuilder vpn(lines);
  vpn.add("gva ").gva(w.gva).add(" =");
  for (int level = static_cast<int>(levels) - 1; level >= 0; --level) {
    const uint64_t index = (w.gva >> (12 + 9 * level)) & 511;
    vpn.add(" VPN[" + std::to_string(level) + "] " + std::to_string(index) + " |");
  }
  vpn.add(" offset " + hex(w.gva & 0xfff));
}

void explain_pte(std::vector<ExplanationLine>& lines, const events::WalkStepRecord& step) {
  const PteFields fields = decode_pte(step.pte);
  LineBuilder(lines, 2).add("PTE " + hex(step.pte) + ":  PPN " + hex(fields.ppn) + "   DAGUXWRV " +
                            pte_bit_string(step.pte));
  LineBuilder line(lines, 3);
  line.add("->  ");
  if (!fields.v) {
    line.add("not valid", TextRole::bad);
  } else if (fields.leaf()) {
    line.add("leaf: a " + page_size_name(step.level) + " at gpa ").gpa(fields.physical_address());
  } else {
    line.add("pointer to the next table at gpa ").gpa(fields.physical_address());
  }
}

void explain_steps(std::vector<ExplanationLine>& lines, const TranslationRecord& w) {
  for (unsigned i = 0; i < w.step_count && i < events::max_walk_steps; ++i) {
    const events::WalkStepRecord& step = w.steps[i];
    LineBuilder(lines, 1)
        .add("Level " + std::to_string(step.level) + ": PTE address = table ")
        .gpa(step.table_gpa)
        .add(" + VPN[" + std::to_string(step.level) + "] " + std::to_string(step.index) + " x 8 = ")
        .gpa(step.pte_gpa);
    explain_pte(lines, step);
  }
}

const char* fault_name(const TranslationRecord& w) {
  const bool page = w.outcome == events::WalkOutcome::page_fault;
  switch (w.access) {
    case events::AccessKind::fetch:
      return page ? "instruction page fault (cause 12)" : "instruction access fault (cause 1)";
    case events::AccessKind::store:
      return page ? "store/AMO page fault (cause 15)" : "store/AMO access fault (cause 7)";
    case events::AccessKind::load:
      break;
  }
  return page ? "load page fault (cause 13)" : "load access fault (cause 5)";
}

void explain_failure(std::vector<ExplanationLine>& lines, const TranslationRecord& w) {
  LineBuilder line(lines);
  line.add("FAILS", TextRole::bad);
  if (w.failed_level >= 0) line.add(" at level " + std::to_string(w.failed_level));
  line.add(std::string(": ") + mmu::walk_rule_name(static_cast<WalkRule>(w.failed_rule)),
           TextRole::bad);
  LineBuilder(lines, 1).add(rule_in_plain_words(w.failed_rule));
  LineBuilder(lines, 1)
      .add(std::string("The guest takes a ") + fault_name(w) + " with tval = ")
      .gva(w.gva);
}

void explain_gpa(std::vector<ExplanationLine>& lines, const TranslationRecord& w) {
  if (!w.translated_by_tables) {
    LineBuilder(lines).add("No page tables (satp Bare or M-mode): gpa = gva = ").gpa(w.gpa);
    return;
  }
  const uint64_t span = page_span(w.leaf_level);
  LineBuilder(lines)
      .add("gpa = page ")
      .gpa(w.gpa & ~(span - 1))
      .add(" + offset " + hex(w.gva & (span - 1)) + " = ")
      .gpa(w.gpa)
      .add(" (" + page_size_name(w.leaf_level) + ")", TextRole::good);
}

const events::MemoryRegionRecord* region_of(const MemoryMap* map, uint64_t gpa) {
  if (map == nullptr) return nullptr;
  auto after = map->upper_bound(gpa);
  if (after == map->begin()) return nullptr;
  const events::MemoryRegionRecord& region = std::prev(after)->second;
  return gpa - region.gpa < region.size ? &region : nullptr;
}

void explain_region(std::vector<ExplanationLine>& lines, const TranslationRecord& w,
                    const ExplainContext& context) {
  LineBuilder line(lines);
  const events::MemoryRegionRecord* region = region_of(context.memory_map, w.gpa);
  line.add("gpa ").gpa(w.gpa);
  if (w.region == events::RegionKind::mmio) {
    line.add(" is MMIO (device " + std::to_string(w.device) + ", " +
             devices::virt::device_name(w.device) +
             "): every access traps to the VMM's device model");
    return;
  }
  if (w.region == events::RegionKind::hole) {
    line.add(" is not guest memory: an access fault", TextRole::bad);
    return;
  }
  if (region) {
    line.add(" is in RAM ").gpa(region->gpa).add("..").gpa(region->gpa + region->size);
    line.add(" backed at ").hpa(region->hpa);
  }
  line.add("  ->  hpa ").hpa(w.hpa);
}

void explain_host_entry(std::vector<ExplanationLine>& lines, const TranslationRecord& w,
                        const ExplainContext& context) {
  if (!context.host_entry) return;
  const bool g_stage = context.host_kind == events::PageTableKind::g_stage;
  const char* name = g_stage ? "G-stage" : "Shadow";
  const HostLookup& host = *context.host_entry;
  if (!host.leaf) {
    LineBuilder(lines)
        .add(std::string(name) + " table (root ")
        .hpa(host.root)
        .add(
            "): no entry maps this page yet -- the first access faults into the VMM, which "
            "fills it (a shadow_fill trap the guest never sees)");
    return;
  }
  const TableEntry& leaf = *host.leaf;
  const uint64_t span = page_span(leaf.level);
  const uint64_t hpa =
      decode_pte(leaf.state->pte).physical_address() + ((g_stage ? w.gpa : w.gva) & (span - 1));
  LineBuilder(lines)
      .add(std::string(name) + " entry at ")
      .hpa(leaf.address)
      .add(" (level " + std::to_string(leaf.level) + "): PTE " + hex(leaf.state->pte) +
           "  DAGUXWRV " + pte_bit_string(leaf.state->pte) + "  ->  hpa ")
      .hpa(hpa);
}

}  // namespace

std::string ExplanationLine::text() const {
  std::string out(static_cast<size_t>(indent) * 2, ' ');
  for (const TextSpan& span : spans) out += span.text;
  return out;
}

std::string explanation_text(const std::vector<ExplanationLine>& lines) {
  std::string out;
  for (const ExplanationLine& line : lines) out += line.text() + "\n";
  return out;
}

std::vector<ExplanationLine> explain_translation(const TranslationRecord& w,
                                                 const ExplainContext& context) {
  std::vector<ExplanationLine> lines;
  explain_heading(lines, w, context);
  if (w.translated_by_tables) {
    explain_satp(lines, w);
    explain_steps(lines, w);
  }
  const bool walk_failed = w.outcome == events::WalkOutcome::page_fault || w.failed_rule != 0;
  if (w.outcome != events::WalkOutcome::translated && walk_failed &&
      static_cast<WalkRule>(w.failed_rule) != WalkRule::gpa_outside_guest_memory) {
    explain_failure(lines, w);
    return lines;
  }
  explain_gpa(lines, w);
  explain_region(lines, w, context);
  if (w.outcome == events::WalkOutcome::translated) explain_host_entry(lines, w, context);
  return lines;
}

}  // namespace gh::inspector
