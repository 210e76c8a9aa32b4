// What the stream says about the VM, rebuilt from events, snapshots and diffs: per-vCPU
// state and counters, guest and shadow page tables, the memory map, translation
// replies. Pure data: feed it decoded items in stream order.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "record.hpp"

namespace gh::model {

struct VcpuView {
  uint16_t id = 0;
  std::optional<events::VirtualMode> mode;  // unknown until a trap, mode change or snapshot
  uint64_t pc = 0;                          // the last pc an event mentioned
  events::LifecycleState state = events::LifecycleState::created;
  bool gdb_stopped = false;
  uint64_t last_timestamp = 0;
  uint64_t events = 0;
  uint64_t traps = 0;
  uint64_t mode_changes = 0;
  std::map<uint64_t, uint64_t> traps_by_cause;
  std::map<events::HandledBy, uint64_t> traps_by_handler;
  uint64_t missing = 0;               // frames lost between hypervisor and here (sequence gaps)
  uint64_t dropped = 0;               // frames the hypervisor dropped (its ring was full)
  std::map<uint16_t, uint64_t> csrs;  // last value seen per CSR number
  std::optional<events::VcpuStateRecord> snapshot;
};

struct PteView {
  uint8_t level = 0;
  uint64_t va = 0;
  uint64_t pte = 0;
  uint64_t previous_pte = 0;  // before the last change (0 if it came from a dump)
  uint64_t changed_at = 0;    // timestamp of the last change
};

struct PageTableView {
  events::PageTableKind kind = events::PageTableKind::guest;
  uint64_t root = 0;
  std::map<uint64_t, PteView> entries;  // valid entries by PTE address
};

using PageTableKey = std::pair<events::PageTableKind, uint64_t>;  // (kind, root)

struct SessionCounters {
  uint64_t events = 0;
  uint64_t problems = 0;
  uint64_t corrupt_frames = 0;
  uint64_t skipped_bytes = 0;
  uint64_t missing = 0;
  uint64_t dropped = 0;
};

class SessionState {
 public:
  void apply(const DecodedItem& item);
  void apply(const Event& event);
  void apply(const Problem& problem);

  [[nodiscard]] const std::optional<events::StreamHello>& hello() const { return hello_; }
  [[nodiscard]] const std::map<uint16_t, VcpuView>& vcpus() const { return vcpus_; }
  [[nodiscard]] const VcpuView* vcpu(uint16_t id) const;
  [[nodiscard]] const std::map<PageTableKey, PageTableView>& page_tables() const { return tables_; }
  [[nodiscard]] const PageTableView* page_table(events::PageTableKind kind, uint64_t root) const;
  [[nodiscard]] const std::map<uint64_t, events::MemoryRegionRecord>& memory_map() const {
    return memory_map_;
  }
  [[nodiscard]] const std::map<uint32_t, events::TranslationRecord>& translations() const {
    return translations_;
  }
  [[nodiscard]] const std::map<uint32_t, events::ReplyEndRecord>& finished_replies() const {
    return replies_;
  }
  [[nodiscard]] const SessionCounters& counters() const { return counters_; }

 private:
  VcpuView& vcpu_for(uint16_t id);
  void on(const Event& e, const events::StreamHello& r);
  void on(const Event& e, const events::TrapRecord& r);
  void on(const Event& e, const events::ModeChangeRecord& r);
  void on(const Event& e, const events::CsrWriteRecord& r);
  void on(const Event& e, const events::PageTableDiffRecord& r);
  void on(const Event& e, const events::MemoryRegionRecord& r);
  void on(const Event& e, const events::LifecycleRecord& r);
  void on(const Event& e, const events::GdbStateRecord& r);
  void on(const Event& e, const events::DropCountRecord& r);
  void on(const Event& e, const events::VcpuStateRecord& r);
  void on(const Event& e, const events::TranslationRecord& r);
  void on(const Event& e, const events::PageTableEntryRecord& r);
  void on(const Event& e, const events::ReplyEndRecord& r);
  template <typename Command>
  void on(const Event&, const Command&) {}  // our own commands echoed in a recording

  std::optional<events::StreamHello> hello_;
  std::map<uint16_t, VcpuView> vcpus_;
  std::map<PageTableKey, PageTableView> tables_;
  std::set<uint32_t> dumps_started_;
  std::map<uint64_t, events::MemoryRegionRecord> memory_map_;
  std::set<uint32_t> map_replies_started_;
  std::map<uint32_t, events::TranslationRecord> translations_;
  std::map<uint32_t, events::ReplyEndRecord> replies_;
  SessionCounters counters_;
};

}  // namespace gh::model
