// Checks the hypervisor's filter from the inspector's side: after the set_filter command
// with `request_id` is acknowledged (its reply_end record), how many events arrived
// stamped later than the acknowledgement, and how many of those the filter should have
// kept back (by class and vCPU; VM-wide records and replies always pass). Fed the log
// incrementally, so a frame only looks at new events.
#pragma once

#include <cstdint>
#include <optional>

#include "event_log.hpp"
#include "events/event_filter.hpp"

namespace gh::inspector {

class FilterAudit {
 public:
  FilterAudit() = default;
  FilterAudit(const events::SetFilterCommand& sent, uint32_t request_id)
      : filter_(events::EventFilter::from(sent)), request_id_(request_id) {}

  void update(const EventLog& log);

  [[nodiscard]] uint32_t request_id() const { return request_id_; }
  [[nodiscard]] const std::optional<events::ReplyEndRecord>& acknowledgement() const {
    return ack_;
  }
  [[nodiscard]] uint64_t acknowledged_at() const { return ack_timestamp_; }
  [[nodiscard]] uint64_t events_after() const { return events_after_; }
  // Of those, the events of a vCPU (not VM-wide records, which any filter passes).
  [[nodiscard]] uint64_t vcpu_events_after() const { return vcpu_events_after_; }
  [[nodiscard]] uint64_t excluded_after() const { return excluded_after_; }

 private:
  void look_for_acknowledgement(const EventLog& log, EventIndex index);
  [[nodiscard]] bool excluded(const EventLog& log, EventIndex index) const;

  events::EventFilter filter_;
  uint32_t request_id_ = 0;
  size_t scanned_ = 0;
  std::optional<events::ReplyEndRecord> ack_;
  uint64_t ack_timestamp_ = 0;
  uint64_t events_after_ = 0;
  uint64_t vcpu_events_after_ = 0;
  uint64_t excluded_after_ = 0;
};

}  // namespace gh::inspector
