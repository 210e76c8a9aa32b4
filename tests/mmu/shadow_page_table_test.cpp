// Shadow Sv39 tables: 4 KiB leaves, span invalidation, the hypervisor window, diffs, pool use.
#include "mmu/shadow_page_table.hpp"

#include <gtest/gtest.h>

#include "fake_machine.hpp"
#include "mmu/page_allocator.hpp"

namespace gh::mmu::test {
namespace {

constexpr uint64_t user_rw = pte::v | pte::u | pte::a | pte::d | pte::r | pte::w;
constexpr uint64_t window_leaf = pte::v | pte::r | pte::w | pte::x | pte::a | pte::d;
constexpr uint64_t window_hpa = 0x20'0000;  // any 2 MiB-aligned hpa: never touched

class ShadowTablesTest : public ::testing::Test {
 protected:
  FakeMachine machine;
  FixedPagePool pool{machine.host, shadow_pool_hpa, shadow_pool_pages};
  DiffLog<64> diffs;
  ShadowPageTables tables{pool, machine.host, &diffs, pte::make(window_hpa, window_leaf)};
  uint64_t root = tables.create_root().value();
};

TEST_F(ShadowTablesTest, EveryRootCarriesTheHypervisorWindow) {
  EXPECT_EQ(tables.leaf(root, hypervisor_window_base + 0x1234), pte::make(window_hpa, window_leaf));
  EXPECT_EQ(hypervisor_window_base, 0xFFFF'FFFF'FFE0'0000u);
}

TEST_F(ShadowTablesTest, GuestCanNeverMapTheWindow) {
  EXPECT_EQ(tables.map_page(root, hypervisor_window_base, 0x1000, user_rw),
            ShadowStatus::va_in_hypervisor_window);
  EXPECT_EQ(tables.map_page(root, ~0ull & ~page_offset_mask, 0x1000, user_rw),
            ShadowStatus::va_in_hypervisor_window);
  EXPECT_EQ(tables.map_page(root, 1ull << 38, 0x1000, user_rw), ShadowStatus::va_not_shadowable);
}

TEST_F(ShadowTablesTest, MapsA4KiBLeafAndRecordsEveryShadowWrite) {
  diffs.clear();
  ASSERT_EQ(tables.map_page(root, 0x4000'1000, 0x5000, user_rw), ShadowStatus::ok);
  EXPECT_EQ(tables.leaf(root, 0x4000'1000), pte::make(0x5000, user_rw));
  EXPECT_EQ(tables.leaf(root, 0x4000'2000), 0u);
  ASSERT_EQ(diffs.records().size(), 3u) << "two new tables and one leaf";
  const PageTableDiff& leaf = diffs.records()[2];
  EXPECT_EQ(leaf.table, TableKind::shadow);
  EXPECT_EQ(leaf.root, root);
  EXPECT_EQ(leaf.level, 0);
  EXPECT_EQ(leaf.va, 0x4000'1000u);
  EXPECT_EQ(leaf.old_pte, 0u);
  EXPECT_EQ(leaf.new_pte, pte::make(0x5000, user_rw));
}

TEST_F(ShadowTablesTest, UnmapSpanFreesTheTablesBelow) {
  const size_t before = pool.used_pages();
  ASSERT_EQ(tables.map_page(root, 0x4000'1000, 0x5000, user_rw), ShadowStatus::ok);
  ASSERT_EQ(tables.map_page(root, 0x4010'0000, 0x6000, user_rw), ShadowStatus::ok);
  tables.unmap_page(root, 0x4000'1000);
  EXPECT_EQ(tables.leaf(root, 0x4000'1000), 0u);
  EXPECT_NE(tables.leaf(root, 0x4010'0000), 0u);
  tables.unmap_span(root, 0x4000'0000, 2);
  EXPECT_EQ(tables.leaf(root, 0x4010'0000), 0u);
  EXPECT_EQ(pool.used_pages(), before);
}

TEST_F(ShadowTablesTest, ClearKeepsTheWindowAndTheRoot) {
  const size_t before = pool.used_pages();
  ASSERT_EQ(tables.map_page(root, 0xFFFF'FFFF'FFC0'0000, 0x5000, user_rw), ShadowStatus::ok);
  ASSERT_EQ(tables.map_page(root, 0x1000, 0x6000, user_rw), ShadowStatus::ok);
  tables.clear(root);
  EXPECT_EQ(tables.leaf(root, 0xFFFF'FFFF'FFC0'0000), 0u);
  EXPECT_EQ(tables.leaf(root, 0x1000), 0u);
  EXPECT_EQ(tables.leaf(root, hypervisor_window_base), pte::make(window_hpa, window_leaf));
  EXPECT_EQ(pool.used_pages(), before);
}

TEST_F(ShadowTablesTest, DestroyReturnsEveryPage) {
  ASSERT_EQ(tables.map_page(root, 0xFFFF'FFFF'FFC0'0000, 0x5000, user_rw), ShadowStatus::ok);
  ASSERT_EQ(tables.map_page(root, 0x1000, 0x6000, user_rw), ShadowStatus::ok);
  tables.destroy_root(root);
  EXPECT_EQ(pool.used_pages(), 0u);
}

TEST_F(ShadowTablesTest, RunningOutOfPagesIsReported) {
  FixedPagePool tiny{machine.host, shadow_pool_hpa, 2};
  ShadowPageTables small{tiny, machine.host, nullptr};
  const uint64_t small_root = small.create_root().value();
  EXPECT_EQ(small.map_page(small_root, 0x1000, 0x6000, user_rw), ShadowStatus::out_of_pages);
}

TEST(Sv48ShadowTables, CarryTheSameWindowAndMapAbove39Bits) {
  FakeMachine machine;
  FixedPagePool pool{machine.host, shadow_pool_hpa, shadow_pool_pages};
  ShadowPageTables tables{pool, machine.host, nullptr, pte::make(window_hpa, window_leaf),
                          PagingMode::sv48};
  const uint64_t root = tables.create_root().value();
  EXPECT_EQ(tables.satp_mode(), riscv::satp::mode_sv48);
  EXPECT_EQ(tables.leaf(root, hypervisor_window_base), pte::make(window_hpa, window_leaf));
  const uint64_t high = 1ull << 40;
  ASSERT_EQ(tables.map_page(root, high, 0x5000, user_rw), ShadowStatus::ok);
  ASSERT_EQ(tables.map_page(root, 0xFFFF'FFFF'FFC0'0000, 0x6000, user_rw), ShadowStatus::ok);
  EXPECT_EQ(tables.map_page(root, 1ull << 47, 0x5000, user_rw), ShadowStatus::va_not_shadowable);
  EXPECT_EQ(tables.map_page(root, hypervisor_window_base, 0x5000, user_rw),
            ShadowStatus::va_in_hypervisor_window);
  tables.clear(root);
  EXPECT_EQ(tables.leaf(root, high), 0u);
  EXPECT_EQ(tables.leaf(root, 0xFFFF'FFFF'FFC0'0000), 0u);
  EXPECT_EQ(tables.leaf(root, hypervisor_window_base), pte::make(window_hpa, window_leaf));
  EXPECT_EQ(pool.used_pages(), 3u) << "root and the two tables leading to the window";
  tables.destroy_root(root);
  EXPECT_EQ(pool.used_pages(), 0u);
}

TEST(FixedPagePool, HandsOutZeroedPagesAndReusesFreedOnes) {
  FakeMachine machine;
  FixedPagePool pool{machine.host, shadow_pool_hpa, 2};
  const uint64_t first = pool.allocate_page().value();
  const uint64_t second = pool.allocate_page().value();
  EXPECT_FALSE(pool.allocate_page().has_value());
  *machine.host.word(first + 8) = 42;
  pool.free_page(first);
  EXPECT_EQ(pool.allocate_page().value(), first);
  EXPECT_EQ(*machine.host.word(first), 0u);
  EXPECT_EQ(*machine.host.word(first + 8), 0u);
  EXPECT_NE(first, second);
}

}  // namespace
}  // namespace gh::mmu::test
