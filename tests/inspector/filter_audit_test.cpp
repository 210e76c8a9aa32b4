// The inspector's check of the hypervisor's filter: the acknowledgement is found by its
// request id, and only events stamped after it count, those the filter excludes apart.
#include "filter_audit.hpp"

#include <gtest/gtest.h>

namespace gh::inspector {
namespace {

using events::RecordKind;

template <typename R>
void append(EventLog& log, uint16_t vcpu, uint64_t timestamp, const R& record) {
  model::Event event;
  event.header.kind = R::kind;
  event.header.vcpu = vcpu;
  event.header.timestamp = timestamp;
  event.record = record;
  log.append(event);
}

events::ReplyEndRecord acknowledgement(uint32_t request_id) {
  events::ReplyEndRecord end;
  end.request_id = request_id;
  end.request = RecordKind::set_filter;
  return end;
}

constexpr events::SetFilterCommand only_vcpu_1{.request_id = 7, .vcpu_mask = 0b10};

TEST(FilterAudit, CountsExcludedEventsStampedAfterTheAcknowledgement) {
  EventLog log;
  FilterAudit audit(only_vcpu_1, 7);
  append(log, 0, 10, events::TrapRecord{});                // before the filter: not counted
  append(log, events::all_vcpus, 20, acknowledgement(6));  // another request's
  audit.update(log);
  EXPECT_FALSE(audit.acknowledgement());
  append(log, events::all_vcpus, 30, acknowledgement(7));
  append(log, 0, 29, events::TrapRecord{});  // stamped before, pumped after: passes
  append(log, 1, 31, events::TrapRecord{});
  append(log, events::all_vcpus, 32, events::MemoryRegionRecord{});  // VM-wide: passes
  audit.update(log);
  ASSERT_TRUE(audit.acknowledgement());
  EXPECT_EQ(audit.acknowledged_at(), 30u);
  EXPECT_EQ(audit.events_after(), 2u);
  EXPECT_EQ(audit.vcpu_events_after(), 1u);
  EXPECT_EQ(audit.excluded_after(), 0u);
  append(log, 0, 33, events::ModeChangeRecord{});  // vCPU 0 after the filter: a leak
  audit.update(log);
  EXPECT_EQ(audit.events_after(), 3u);
  EXPECT_EQ(audit.excluded_after(), 1u);
}

TEST(FilterAudit, ExcludesByClass) {
  EventLog log;
  FilterAudit audit({.request_id = 3, .class_mask = events::event_class::mode_change}, 3);
  append(log, events::all_vcpus, 1, acknowledgement(3));
  append(log, 0, 2, events::ModeChangeRecord{});
  append(log, 0, 3, events::TrapRecord{});
  audit.update(log);
  EXPECT_EQ(audit.excluded_after(), 1u) << "a trap, and only traps of mode changes pass";
}

}  // namespace
}  // namespace gh::inspector
