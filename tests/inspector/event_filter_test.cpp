// The trap log's filter: by vCPU, kind, cause, mode, handler and text search, applied a
// slice at a time to a growing log.
#include "event_filter.hpp"

#include <gtest/gtest.h>

#include "model_fixture.hpp"
#include "sample_stream.hpp"
#include "synthetic_stream.hpp"

namespace gh::inspector {
namespace {

using events::HandledBy;
using events::VirtualMode;

std::vector<EventIndex> all_rows(const InspectorModel& model, const EventFilter& filter) {
  FilteredRows rows;
  rows.set_filter(filter);
  rows.update(model.log(), model.log().size(), model.log().size());
  return rows.rows();
}

TEST(EventFilter, SelectsTrapsByCauseModeAndHandler) {
  InspectorModel model;
  test::load(model, events::test::sample_stream());
  EventFilter filter;
  filter.cause = 8;
  auto rows = all_rows(model, filter);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(model.log().trap(rows[0])->pc, 0x1000u);

  filter = {};
  filter.mode = VirtualMode::user;
  EXPECT_EQ(all_rows(model, filter), rows) << "the ecall is the only trap from U-mode";

  filter = {};
  filter.handled_by = HandledBy::reflected;
  filter.vcpu = 1;
  EXPECT_EQ(all_rows(model, filter).size(), 2u) << "vCPU 1's two timer interrupts";
}

TEST(EventFilter, SearchesTheEventTextIgnoringCase) {
  InspectorModel model;
  test::load(model, events::test::sample_stream());
  EventFilter filter;
  filter.search = "ILLEGAL INSTRUCTION";
  auto rows = all_rows(model, filter);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(event_text(model.log(), rows[0]).find("pc=0x80200010"), std::string::npos);
  filter.search = "0x80403008";
  EXPECT_EQ(all_rows(model, filter).size(), 3u) << "the guest diff, the translation, the dump";
}

TEST(EventFilter, KindGroupsHideWholeKinds) {
  InspectorModel model;
  test::load(model, events::test::sample_stream());
  EventFilter filter;
  filter.kinds = kind_group::page_table;
  for (EventIndex row : all_rows(model, filter)) {
    EXPECT_EQ(kind_group_of(model.log().entry(row).kind), kind_group::page_table);
  }
  EXPECT_EQ(all_rows(model, filter).size(), 5u) << "3 diffs and 2 dump entries";
}

TEST(FilteredRows, FiltersInSlicesAndOnlyTheVisiblePart) {
  InspectorModel model;
  test::load(model, events::test::synthetic_stream({.events = 20000, .vcpus = 2}));
  EventFilter filter;
  filter.vcpu = 1;
  FilteredRows rows;
  rows.set_filter(filter);
  rows.update(model.log(), 10000, 4000);
  EXPECT_EQ(rows.scanned(), 4000u);
  EXPECT_FALSE(rows.complete(10000));
  while (!rows.complete(10000)) rows.update(model.log(), 10000, 4000);
  EXPECT_EQ(rows.scanned(), 10000u) << "a paused view stops at what it shows";
  for (EventIndex row : rows.rows()) ASSERT_EQ(model.log().entry(row).vcpu, 1);
  const size_t paused_rows = rows.rows().size();
  rows.update(model.log(), model.log().size(), model.log().size());
  EXPECT_GT(rows.rows().size(), paused_rows) << "resuming filters the rest";
}

}  // namespace
}  // namespace gh::inspector
