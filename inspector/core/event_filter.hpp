// Which events the trap log lists: by vCPU, record kind, trap cause, the mode a trap came
// from, who handled it, and a case-insensitive search in the event's text. FilteredRows
// applies a filter to a growing log a slice at a time, so a million events never stall
// a frame and new events are filtered as they arrive.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "event_log.hpp"

namespace gh::inspector {

// Groups of record kinds the log can show or hide.
namespace kind_group {
constexpr uint32_t trap = 1u << 0;
constexpr uint32_t mode_change = 1u << 1;
constexpr uint32_t csr_write = 1u << 2;
constexpr uint32_t page_table = 1u << 3;  // diffs and dump entries
constexpr uint32_t other = 1u << 4;       // lifecycle, gdb, map, drops, replies, hello
constexpr uint32_t all = (1u << 5) - 1;
}  // namespace kind_group

uint32_t kind_group_of(events::RecordKind kind);

struct EventFilter {
  std::optional<uint16_t> vcpu;
  uint32_t kinds = kind_group::all;
  // Trap criteria: when any is set, only traps can match.
  std::optional<uint64_t> cause;
  std::optional<events::VirtualMode> mode;  // the mode the trap came from
  std::optional<events::HandledBy> handled_by;
  std::string search;  // substring of the event's text line, any case

  [[nodiscard]] bool has_trap_criteria() const { return cause || mode || handled_by; }
  [[nodiscard]] bool matches(const EventLog& log, EventIndex index) const;
  bool operator==(const EventFilter&) const = default;
};

// The text a search looks in: the gh-events line of the event.
std::string event_text(const EventLog& log, EventIndex index);

class FilteredRows {
 public:
  // Starts over with `filter` (no-op when it did not change).
  void set_filter(const EventFilter& filter);
  // Filters up to `budget` more events of the first `visible` in the log.
  void update(const EventLog& log, size_t visible, size_t budget);

  [[nodiscard]] const EventFilter& filter() const { return filter_; }
  [[nodiscard]] const std::vector<EventIndex>& rows() const { return rows_; }
  [[nodiscard]] size_t scanned() const { return scanned_; }
  [[nodiscard]] bool complete(size_t visible) const { return scanned_ >= visible; }

 private:
  EventFilter filter_;
  std::string lowered_search_;
  std::vector<EventIndex> rows_;
  size_t scanned_ = 0;
};

}  // namespace gh::inspector
