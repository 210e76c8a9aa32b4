#include "event_log.hpp"

namespace gh::inspector {

using events::RecordKind;

EventIndex EventLog::append(const model::Event& event) {
  LogEntry entry{.timestamp = event.header.timestamp,
                 .sequence = event.header.sequence,
                 .payload = 0,
                 .vcpu = event.header.vcpu,
                 .kind = event.header.kind};
  if (const auto* trap = std::get_if<events::TrapRecord>(&event.record)) {
    entry.payload = static_cast<uint32_t>(traps_.size());
    traps_.push_back(*trap);
  } else if (const auto* diff = std::get_if<events::PageTableDiffRecord>(&event.record)) {
    entry.payload = static_cast<uint32_t>(diffs_.size());
    diffs_.push_back(*diff);
  } else {
    entry.payload = static_cast<uint32_t>(others_.size());
    others_.push_back(event);
  }
  entries_.push_back(entry);
  return static_cast<EventIndex>(entries_.size() - 1);
}

const events::TrapRecord* EventLog::trap(EventIndex index) const {
  const LogEntry& e = entries_[index];
  return e.kind == RecordKind::trap ? &traps_[e.payload] : nullptr;
}

const events::PageTableDiffRecord* EventLog::diff(EventIndex index) const {
  const LogEntry& e = entries_[index];
  return e.kind == RecordKind::page_table_diff ? &diffs_[e.payload] : nullptr;
}

model::Event EventLog::event(EventIndex index) const {
  const LogEntry& e = entries_[index];
  if (e.kind != RecordKind::trap && e.kind != RecordKind::page_table_diff) {
    return others_[e.payload];
  }
  model::Event event;
  event.header = {.version = events::wire_version,
                  .kind = e.kind,
                  .vcpu = e.vcpu,
                  .sequence = e.sequence,
                  .timestamp = e.timestamp};
  if (const auto* t = trap(index)) event.record = *t;
  if (const auto* d = diff(index)) event.record = *d;
  return event;
}

}  // namespace gh::inspector
