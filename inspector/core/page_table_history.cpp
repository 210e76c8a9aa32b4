#include "page_table_history.hpp"

#include <algorithm>

#include "riscv/csr.hpp"
#include "timeline.hpp"

namespace gh::inspector {

using events::PageTableKind;

namespace {

constexpr uint64_t satp_root(uint64_t satp) { return (satp & riscv::satp::ppn_mask) << 12; }
constexpr bool satp_is_bare(uint64_t satp) { return (satp >> riscv::satp::mode_shift) == 0; }

PteChange change_of(EventIndex index, const events::PageTableDiffRecord& d) {
  return {.event = index,
          .kind = d.table,
          .level = d.level,
          .from_dump = false,
          .root = d.root,
          .va = d.va,
          .pte_address = d.pte_address,
          .old_pte = d.old_pte,
          .new_pte = d.new_pte};
}

PteChange change_of(EventIndex index, const events::PageTableEntryRecord& e) {
  return {.event = index,
          .kind = e.table,
          .level = e.level,
          .from_dump = true,
          .root = e.root,
          .va = e.va,
          .pte_address = e.pte_address,
          .old_pte = 0,
          .new_pte = e.pte};
}

void apply_change(PteMap& map, const PteChange& change, std::optional<EventIndex> fence) {
  PteState& state = map[change.pte_address];
  const bool after_fence = !fence || change.event > *fence;
  if (after_fence && !state.changed_since_fence) {
    state.pte_before_fence_window = change.from_dump ? state.pte : change.old_pte;
    state.changed_since_fence = true;
  }
  state.level = change.level;
  state.va = change.va;
  state.root = change.root;
  state.pte = change.new_pte;
  state.changed_at = change.event;
}

// Drops entries that are invalid now and did not change in the current fence window.
void drop_invalid(PteMap& map) {
  std::erase_if(map, [](const auto& item) {
    return (item.second.pte & riscv::pte::v) == 0 && !item.second.changed_since_fence;
  });
}

}  // namespace

void PageTableHistory::add(const EventLog& log, EventIndex index) {
  const LogEntry& entry = log.entry(index);
  if (const events::PageTableDiffRecord* diff = log.diff(index)) {
    return on_change(change_of(index, *diff), entry.vcpu);
  }
  if (const events::TrapRecord* trap = log.trap(index)) {
    if (is_sfence_vma(trap->instruction) && trap->handled_by == events::HandledBy::emulated) {
      fences_.push_back(index);
    }
    return;
  }
  if (entry.kind != events::RecordKind::csr_write &&
      entry.kind != events::RecordKind::page_table_entry &&
      entry.kind != events::RecordKind::vcpu_state) {
    return;
  }
  const model::Event event = log.event(index);
  if (const auto* csr = std::get_if<events::CsrWriteRecord>(&event.record)) {
    if (csr->csr != riscv::csr_number(riscv::Csr::satp)) return;
    fences_.push_back(index);
    on_satp(entry.vcpu, index, csr->new_value);
  } else if (const auto* state = std::get_if<events::VcpuStateRecord>(&event.record)) {
    on_satp(entry.vcpu, index, state->satp);
  } else if (const auto* pte = std::get_if<events::PageTableEntryRecord>(&event.record)) {
    on_change(change_of(index, *pte), entry.vcpu);
  }
}

void PageTableHistory::on_change(const PteChange& change, uint16_t vcpu) {
  changes_.push_back(change);
  if (change.kind == PageTableKind::guest) return;
  host_kind_ = change.kind;
  if (std::optional<uint64_t> guest_root = guest_root_at(vcpu, change.event)) {
    host_root_of_guest_root_[*guest_root] = change.root;
  }
}

void PageTableHistory::on_satp(uint16_t vcpu, EventIndex index, uint64_t satp) {
  satp_[vcpu].emplace_back(index, satp);
}

std::optional<uint64_t> PageTableHistory::satp_at(uint16_t vcpu, EventIndex at) const {
  auto found = satp_.find(vcpu);
  if (found == satp_.end()) return std::nullopt;
  const auto& writes = found->second;
  auto after = std::upper_bound(writes.begin(), writes.end(), at,
                                [](EventIndex i, const auto& write) { return i < write.first; });
  if (after == writes.begin()) return std::nullopt;
  return std::prev(after)->second;
}

std::optional<uint64_t> PageTableHistory::guest_root_at(uint16_t vcpu, EventIndex at) const {
  const std::optional<uint64_t> satp = satp_at(vcpu, at);
  if (!satp || satp_is_bare(*satp)) return std::nullopt;
  return satp_root(*satp);
}

std::optional<EventIndex> PageTableHistory::fence_before(EventIndex at) const {
  auto after = std::upper_bound(fences_.begin(), fences_.end(), at);
  if (after == fences_.begin()) return std::nullopt;
  return *std::prev(after);
}

std::optional<uint64_t> PageTableHistory::host_root_for(uint64_t guest_root) const {
  auto found = host_root_of_guest_root_.find(guest_root);
  if (found == host_root_of_guest_root_.end()) return std::nullopt;
  return found->second;
}

PageTableSnapshot PageTableHistory::at(EventIndex at) const {
  PageTableSnapshot snapshot;
  snapshot.at = at;
  snapshot.last_fence = fence_before(at);
  snapshot.host_kind = host_kind_;
  for (const PteChange& change : changes_) {
    if (change.event > at) break;
    const bool guest = change.kind == PageTableKind::guest;
    apply_change(guest ? snapshot.guest : snapshot.host, change, snapshot.last_fence);
    (guest ? snapshot.guest_roots : snapshot.host_roots).insert(change.root);
  }
  drop_invalid(snapshot.guest);
  drop_invalid(snapshot.host);
  return snapshot;
}

}  // namespace gh::inspector
