// Page tables as they were at any event: rebuilt from the diff history up to the cursor,
// with the changes since the last fence (satp write or sfence.vma) marked old -> new.
#include "page_table_history.hpp"

#include <gtest/gtest.h>

#include "model_fixture.hpp"
#include "page_table_tree.hpp"
#include "riscv/csr.hpp"
#include "sample_stream.hpp"
#include "synthetic_stream.hpp"

namespace gh::inspector {
namespace {

namespace layout = events::test::synthetic;

// The first guest diff that maps a user page of process 0.
EventIndex first_user_page_diff(const InspectorModel& model) {
  for (EventIndex i = 0; i < model.log().size(); ++i) {
    const auto* diff = model.log().diff(i);
    if (diff && diff->table == events::PageTableKind::guest && diff->level == 0 &&
        diff->root == layout::user_root(0)) {
      return i;
    }
  }
  ADD_FAILURE() << "no user page diff in the synthetic stream";
  return 0;
}

TEST(PageTableHistory, RebuildsTheTablesAsTheyWereAtTheCursor) {
  InspectorModel model;
  test::load(model, events::test::synthetic_stream({.events = 3000, .vcpus = 2}));
  const EventIndex diff_index = first_user_page_diff(model);
  const auto* diff = model.log().diff(diff_index);

  const PageTableSnapshot before = model.page_tables().at(diff_index - 1);
  EXPECT_EQ(before.guest.count(diff->pte_address), 0u) << "not mapped yet";
  const PageTableSnapshot after = model.page_tables().at(diff_index);
  ASSERT_EQ(after.guest.count(diff->pte_address), 1u);
  const PteState& state = after.guest.at(diff->pte_address);
  EXPECT_EQ(state.pte, diff->new_pte);
  EXPECT_TRUE(state.changed_since_fence) << "the guest's sfence.vma comes after the write";
  EXPECT_EQ(state.pte_before_fence_window, 0u);
  EXPECT_TRUE(after.guest_roots.count(layout::user_root(0)));
  EXPECT_TRUE(after.host_roots.count(layout::shadow_root(0)));
}

TEST(PageTableHistory, ChangesBeforeTheLastFenceAreNotHighlighted) {
  InspectorModel model;
  test::load(model, events::test::synthetic_stream({.events = 3000, .vcpus = 2}));
  const EventIndex diff_index = first_user_page_diff(model);
  const auto fence = model.page_tables().fence_before(diff_index + 20);
  ASSERT_TRUE(fence.has_value());
  ASSERT_GT(*fence, diff_index) << "the sfence that follows the PTE write";
  const PageTableSnapshot later = model.page_tables().at(*fence);
  const auto* diff = model.log().diff(diff_index);
  EXPECT_FALSE(later.guest.at(diff->pte_address).changed_since_fence);
}

TEST(PageTableHistory, KnowsEachVcpusSatpAndTheShadowRootOfEachGuestRoot) {
  InspectorModel model;
  test::load(model, events::test::synthetic_stream({.events = 3000, .vcpus = 2}));
  const EventIndex last = static_cast<EventIndex>(model.log().size() - 1);
  const auto root = model.page_tables().guest_root_at(0, last);
  ASSERT_TRUE(root.has_value());
  const unsigned process = static_cast<unsigned>((*root - layout::user_root(0)) / 0x4000);
  EXPECT_EQ(*root, layout::user_root(process));
  EXPECT_EQ(model.page_tables().host_root_for(*root), layout::shadow_root(process));
  EXPECT_FALSE(model.page_tables().host_root_for(layout::kernel_root).has_value())
      << "the shadow tables are built after the switch to a user table";
}

TEST(PageTableTree, ListsATablesEntriesAndWalksToALeaf) {
  InspectorModel model;
  test::load(model, events::test::synthetic_stream({.events = 500, .vcpus = 1}));
  const PageTableSnapshot tables =
      model.page_tables().at(static_cast<EventIndex>(model.log().size() - 1));
  const auto top = entries_of_table(tables.guest, layout::kernel_root, 2, 0);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].index, 0);
  EXPECT_EQ(top[1].index, 2);
  EXPECT_EQ(top[1].va, 0x80000000u);
  EXPECT_TRUE(top[1].is_pointer());
  const auto middle = entries_of_table(tables.guest, top[1].child_table(), 1, top[1].va);
  ASSERT_EQ(middle.size(), 2u);
  EXPECT_FALSE(middle[0].is_pointer()) << "the kernel's 2 MiB superpage";

  const HostLookup superpage = lookup_in_table(tables.guest, layout::kernel_root, 0x80001234);
  ASSERT_TRUE(superpage.leaf.has_value());
  EXPECT_EQ(superpage.leaf->level, 1);
  EXPECT_EQ(superpage.path.size(), 2u);
  EXPECT_FALSE(lookup_in_table(tables.guest, layout::kernel_root, 0x40000000).leaf);
}

TEST(PageTableTree, SignExtendsTheTopHalfOfSv39) {
  EXPECT_EQ(sv39_canonical(0x4000000000), 0xffffffc000000000u);
  EXPECT_EQ(sv39_canonical(0x3ffffff000), 0x3ffffff000u);
}

}  // namespace
}  // namespace gh::inspector
