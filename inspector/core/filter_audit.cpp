#include "filter_audit.hpp"

namespace gh::inspector {

void FilterAudit::look_for_acknowledgement(const EventLog& log, EventIndex index) {
  if (log.entry(index).kind != events::RecordKind::reply_end) return;
  const model::Event event = log.event(index);
  const auto* end = std::get_if<events::ReplyEndRecord>(&event.record);
  if (!end || end->request_id != request_id_ || end->request != events::RecordKind::set_filter) {
    return;
  }
  ack_ = *end;
  ack_timestamp_ = log.entry(index).timestamp;
}

bool FilterAudit::excluded(const EventLog& log, EventIndex index) const {
  const LogEntry& entry = log.entry(index);
  if (entry.vcpu == events::all_vcpus) return false;
  const events::PageTableDiffRecord* diff = log.diff(index);
  const uint32_t event_class =
      events::event_class_of(entry.kind, diff ? diff->table : events::PageTableKind::guest);
  return !filter_.accepts(event_class, entry.vcpu, nullptr, 0);
}

void FilterAudit::update(const EventLog& log) {
  if (request_id_ == 0) return;
  for (; scanned_ < log.size(); ++scanned_) {
    const auto index = static_cast<EventIndex>(scanned_);
    if (!ack_) {
      look_for_acknowledgement(log, index);
      continue;
    }
    if (log.entry(index).timestamp <= ack_timestamp_) continue;
    ++events_after_;
    if (log.entry(index).vcpu != events::all_vcpus) ++vcpu_events_after_;
    if (excluded(log, index)) ++excluded_after_;
  }
}

}  // namespace gh::inspector
