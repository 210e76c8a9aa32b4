// Every page-table change in stream order (guest and shadow / G-stage diffs, dump
// entries) and every fence (satp write, sfence.vma), so the tables can be rebuilt as they
// were at any event: the timeline cursor's view of the past.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "event_log.hpp"

namespace gh::inspector {

// One PTE word as rebuilt. Tables are kept per kind as physical memory (PTE address ->
// entry), so a sub-table shared by several roots appears under each of them.
struct PteState {
  uint8_t level = 0;
  uint64_t va = 0;
  uint64_t root = 0;  // the root the last change named
  uint64_t pte = 0;
  EventIndex changed_at = 0;
  bool changed_since_fence = false;
  uint64_t pte_before_fence_window = 0;  // the value at the last fence (old of old -> new)
};

using PteMap = std::map<uint64_t, PteState>;

enum class TableSide : uint8_t { guest, host };  // host: shadow or G-stage

struct PageTableSnapshot {
  EventIndex at = 0;  // rebuilt from the changes up to and including this event
  std::optional<EventIndex> last_fence;
  PteMap guest;
  PteMap host;
  std::set<uint64_t> guest_roots;
  std::set<uint64_t> host_roots;
  events::PageTableKind host_kind = events::PageTableKind::shadow;

  [[nodiscard]] const PteMap& side(TableSide s) const {
    return s == TableSide::guest ? guest : host;
  }
};

struct PteChange {
  EventIndex event = 0;
  events::PageTableKind kind = events::PageTableKind::guest;
  uint8_t level = 0;
  bool from_dump = false;
  uint64_t root = 0;
  uint64_t va = 0;
  uint64_t pte_address = 0;
  uint64_t old_pte = 0;
  uint64_t new_pte = 0;
};

class PageTableHistory {
 public:
  void add(const EventLog& log, EventIndex index);

  // The tables after every change up to and including event `at`.
  [[nodiscard]] PageTableSnapshot at(EventIndex at) const;
  // The latest fence at or before `at`.
  [[nodiscard]] std::optional<EventIndex> fence_before(EventIndex at) const;
  // The shadow / G-stage root the VMM used while `guest_root` was in satp.
  [[nodiscard]] std::optional<uint64_t> host_root_for(uint64_t guest_root) const;
  // vCPU `vcpu`'s satp at event `at` (nullopt: not seen yet).
  [[nodiscard]] std::optional<uint64_t> satp_at(uint16_t vcpu, EventIndex at) const;
  // The root of the guest table in that satp (nullopt: bare or not seen).
  [[nodiscard]] std::optional<uint64_t> guest_root_at(uint16_t vcpu, EventIndex at) const;

  [[nodiscard]] const std::vector<PteChange>& changes() const { return changes_; }

 private:
  void on_change(const PteChange& change, uint16_t vcpu);
  void on_satp(uint16_t vcpu, EventIndex index, uint64_t satp);

  std::vector<PteChange> changes_;
  std::vector<EventIndex> fences_;
  std::map<uint16_t, std::vector<std::pair<EventIndex, uint64_t>>> satp_;  // per vCPU
  std::map<uint64_t, uint64_t> host_root_of_guest_root_;
  events::PageTableKind host_kind_ = events::PageTableKind::shadow;
};

}  // namespace gh::inspector
