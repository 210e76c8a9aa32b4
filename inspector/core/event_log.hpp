// Every event of a session in arrival order, compact enough for millions: a 24-byte
// entry per event, and its record in a per-kind store (traps and page-table diffs, the
// bulk of a busy stream, in their own vectors; every other kind as a full Event).
#pragma once

#include <cstdint>
#include <vector>

#include "record.hpp"

namespace gh::inspector {

struct LogEntry {
  uint64_t timestamp = 0;
  uint32_t sequence = 0;
  uint32_t payload = 0;  // index into the store for `kind`
  uint16_t vcpu = 0;
  events::RecordKind kind = events::RecordKind::stream_hello;
  uint8_t reserved = 0;
};
static_assert(sizeof(LogEntry) == 24);

using EventIndex = uint32_t;

class EventLog {
 public:
  EventIndex append(const model::Event& event);

  [[nodiscard]] size_t size() const { return entries_.size(); }
  [[nodiscard]] bool empty() const { return entries_.empty(); }
  [[nodiscard]] const LogEntry& entry(EventIndex index) const { return entries_[index]; }
  // The record when the event is of that kind, else nullptr.
  [[nodiscard]] const events::TrapRecord* trap(EventIndex index) const;
  [[nodiscard]] const events::PageTableDiffRecord* diff(EventIndex index) const;
  // The whole event, rebuilt (for formatting and details).
  [[nodiscard]] model::Event event(EventIndex index) const;

 private:
  std::vector<LogEntry> entries_;
  std::vector<events::TrapRecord> traps_;
  std::vector<events::PageTableDiffRecord> diffs_;
  std::vector<model::Event> others_;
};

}  // namespace gh::inspector
