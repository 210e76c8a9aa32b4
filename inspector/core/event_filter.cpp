#include "event_filter.hpp"

#include <algorithm>
#include <cctype>

#include "record_format.hpp"

namespace gh::inspector {

using events::RecordKind;

namespace {

std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool trap_matches(const EventFilter& filter, const events::TrapRecord& trap) {
  if (filter.cause && trap.cause != *filter.cause) return false;
  if (filter.mode && trap.mode_before != *filter.mode) return false;
  if (filter.handled_by && trap.handled_by != *filter.handled_by) return false;
  return true;
}

bool matches_without_search(const EventFilter& filter, const EventLog& log, EventIndex index) {
  const LogEntry& entry = log.entry(index);
  if (filter.vcpu && entry.vcpu != *filter.vcpu) return false;
  if ((kind_group_of(entry.kind) & filter.kinds) == 0) return false;
  if (!filter.has_trap_criteria()) return true;
  const events::TrapRecord* trap = log.trap(index);
  return trap != nullptr && trap_matches(filter, *trap);
}

}  // namespace

uint32_t kind_group_of(RecordKind kind) {
  switch (kind) {
    case RecordKind::trap:
      return kind_group::trap;
    case RecordKind::mode_change:
      return kind_group::mode_change;
    case RecordKind::csr_write:
      return kind_group::csr_write;
    case RecordKind::page_table_diff:
    case RecordKind::page_table_entry:
      return kind_group::page_table;
    default:
      return kind_group::other;
  }
}

std::string event_text(const EventLog& log, EventIndex index) {
  return model::format_text(log.event(index));
}

bool EventFilter::matches(const EventLog& log, EventIndex index) const {
  if (!matches_without_search(*this, log, index)) return false;
  if (search.empty()) return true;
  return lowered(event_text(log, index)).find(lowered(search)) != std::string::npos;
}

void FilteredRows::set_filter(const EventFilter& filter) {
  if (filter == filter_ && scanned_ > 0) return;
  filter_ = filter;
  lowered_search_ = lowered(filter.search);
  rows_.clear();
  scanned_ = 0;
}

void FilteredRows::update(const EventLog& log, size_t visible, size_t budget) {
  const size_t end = std::min({visible, log.size(), scanned_ + budget});
  for (; scanned_ < end; ++scanned_) {
    const auto index = static_cast<EventIndex>(scanned_);
    if (!matches_without_search(filter_, log, index)) continue;
    if (!lowered_search_.empty() &&
        lowered(event_text(log, index)).find(lowered_search_) == std::string::npos) {
      continue;
    }
    rows_.push_back(index);
  }
}

}  // namespace gh::inspector
