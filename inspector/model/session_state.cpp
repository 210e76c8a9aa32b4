#include "session_state.hpp"

#include "riscv/csr.hpp"

namespace gh::model {

using namespace events;

namespace {
constexpr uint64_t pte_valid = 1;
}

void SessionState::apply(const DecodedItem& item) {
  std::visit([this](const auto& value) { apply(value); }, item);
}

void SessionState::apply(const Event& event) {
  ++counters_.events;
  if (event.header.vcpu != all_vcpus) {
    VcpuView& view = vcpu_for(event.header.vcpu);
    ++view.events;
    view.last_timestamp = event.header.timestamp;
  }
  std::visit([&](const auto& record) { on(event, record); }, event.record);
}

void SessionState::apply(const Problem& problem) {
  ++counters_.problems;
  switch (problem.kind) {
    case ProblemKind::corrupt_frame:
      ++counters_.corrupt_frames;
      counters_.skipped_bytes += problem.bytes;
      break;
    case ProblemKind::joined_mid_stream:
    case ProblemKind::truncated_end:
      counters_.skipped_bytes += problem.bytes;
      break;
    case ProblemKind::sequence_gap:
      counters_.missing += problem.missing;
      vcpu_for(problem.vcpu).missing += problem.missing;
      break;
    case ProblemKind::sequence_restart:
      break;
  }
}

const VcpuView* SessionState::vcpu(uint16_t id) const {
  auto found = vcpus_.find(id);
  return found == vcpus_.end() ? nullptr : &found->second;
}

const PageTableView* SessionState::page_table(PageTableKind kind, uint64_t root) const {
  auto found = tables_.find({kind, root});
  return found == tables_.end() ? nullptr : &found->second;
}

VcpuView& SessionState::vcpu_for(uint16_t id) {
  VcpuView& view = vcpus_[id];
  view.id = id;
  return view;
}

void SessionState::on(const Event&, const StreamHello& r) { hello_ = r; }

void SessionState::on(const Event& e, const TrapRecord& r) {
  VcpuView& view = vcpu_for(e.header.vcpu);
  view.mode = r.mode_after;
  view.pc = r.pc;
  ++view.traps;
  ++view.traps_by_cause[r.cause];
  ++view.traps_by_handler[r.handled_by];
}

void SessionState::on(const Event& e, const ModeChangeRecord& r) {
  VcpuView& view = vcpu_for(e.header.vcpu);
  view.mode = r.to;
  view.pc = r.pc;
  ++view.mode_changes;
}

void SessionState::on(const Event& e, const CsrWriteRecord& r) {
  VcpuView& view = vcpu_for(e.header.vcpu);
  view.csrs[r.csr] = r.new_value;
  view.pc = r.pc;
}

void SessionState::on(const Event& e, const PageTableDiffRecord& r) {
  PageTableView& table = tables_[{r.table, r.root}];
  table.kind = r.table;
  table.root = r.root;
  if (!(r.new_pte & pte_valid)) {
    table.entries.erase(r.pte_address);
    return;
  }
  table.entries[r.pte_address] = {.level = r.level,
                                  .va = r.va,
                                  .pte = r.new_pte,
                                  .previous_pte = r.old_pte,
                                  .changed_at = e.header.timestamp};
}

void SessionState::on(const Event&, const MemoryRegionRecord& r) {
  if (r.request_id != 0 && map_replies_started_.insert(r.request_id).second) memory_map_.clear();
  memory_map_[r.gpa] = r;
}

void SessionState::on(const Event& e, const LifecycleRecord& r) {
  VcpuView& view = vcpu_for(e.header.vcpu);
  view.state = r.state;
  view.pc = r.pc;
}

void SessionState::on(const Event& e, const GdbStateRecord& r) {
  VcpuView& view = vcpu_for(e.header.vcpu);
  view.gdb_stopped = r.action == GdbAction::stop;
  view.pc = r.pc;
}

void SessionState::on(const Event& e, const DropCountRecord& r) {
  vcpu_for(e.header.vcpu).dropped += r.dropped;
  counters_.dropped += r.dropped;
}

void SessionState::on(const Event& e, const VcpuStateRecord& r) {
  VcpuView& view = vcpu_for(e.header.vcpu);
  view.snapshot = r;
  view.mode = r.mode;
  view.pc = r.pc;
  view.state = r.state;
  using riscv::Csr;
  const std::pair<Csr, uint64_t> csrs[] = {
      {Csr::mstatus, r.mstatus}, {Csr::satp, r.satp},       {Csr::mtvec, r.mtvec},
      {Csr::stvec, r.stvec},     {Csr::mepc, r.mepc},       {Csr::sepc, r.sepc},
      {Csr::mcause, r.mcause},   {Csr::scause, r.scause},   {Csr::mtval, r.mtval},
      {Csr::stval, r.stval},     {Csr::medeleg, r.medeleg}, {Csr::mideleg, r.mideleg},
      {Csr::mie, r.mie},         {Csr::mip, r.mip}};
  for (const auto& [number, value] : csrs) view.csrs[riscv::csr_number(number)] = value;
}

void SessionState::on(const Event&, const TranslationRecord& r) { translations_[r.request_id] = r; }

void SessionState::on(const Event& e, const PageTableEntryRecord& r) {
  PageTableView& table = tables_[{r.table, r.root}];
  if (dumps_started_.insert(r.request_id).second) table.entries.clear();
  table.kind = r.table;
  table.root = r.root;
  table.entries[r.pte_address] = {.level = r.level,
                                  .va = r.va,
                                  .pte = r.pte,
                                  .previous_pte = 0,
                                  .changed_at = e.header.timestamp};
}

void SessionState::on(const Event&, const ReplyEndRecord& r) { replies_[r.request_id] = r; }

}  // namespace gh::model
