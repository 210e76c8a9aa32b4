// The shadow MMU: installing guest walks per view, invalidation, the root cache across
// context switches, and guest/shadow diffs at sfence.vma.
#include "mmu/shadow_mmu.hpp"

#include <gtest/gtest.h>

#include "fake_machine.hpp"
#include "mmu/page_allocator.hpp"

namespace gh::mmu::test {
namespace {

using riscv::Privilege;

constexpr uint64_t kernel_rw = pte::v | pte::r | pte::w;
constexpr uint64_t user_rw = kernel_rw | pte::u;
constexpr uint64_t page_a = guest_ram_gpa + 0x10'0000;
constexpr uint64_t page_b = guest_ram_gpa + 0x10'1000;
constexpr uint64_t user_va = 0x1000;
constexpr uint64_t kernel_va = 0x8000'0000;
constexpr uint64_t sum = riscv::mstatus::sum;

constexpr ShadowView user_view{.mode = VirtualMode::user, .sum = false, .mxr = false};
constexpr ShadowView kernel_view{.mode = VirtualMode::supervisor, .sum = false, .mxr = false};
constexpr ShadowView kernel_sum_view{.mode = VirtualMode::supervisor, .sum = true, .mxr = false};

uint64_t hpa_of(uint64_t gpa) { return gpa - guest_ram_gpa + guest_ram_hpa; }

class ShadowMmuTest : public ::testing::Test {
 protected:
  FakeMachine machine;
  FixedPagePool pool{machine.host, shadow_pool_hpa, shadow_pool_pages};
  DiffLog<256> diffs;
  ShadowMmu mmu{pool, machine.host, machine.guest, &diffs};
  uint64_t root = machine.new_table();

  uint64_t map(uint64_t table, uint64_t va, uint64_t gpa, uint64_t flags, unsigned level = 0) {
    return machine.map_page(table, 3, va, gpa, flags, level);
  }
  Walk walk(uint64_t table, uint64_t va, AccessType access, Privilege privilege,
            uint64_t mstatus = 0, uint16_t asid = 0) {
    return walk_guest_page_table(translation_context(privilege, mstatus, sv39(table, asid), access),
                                 va, access, machine.guest);
  }
  // A shadow fault handled the way the VMM will: walk, then install for the current view.
  ShadowStatus fault_in(uint64_t table, uint64_t va, AccessType access, Privilege privilege,
                        uint64_t mstatus = 0, uint16_t asid = 0) {
    const Walk result = walk(table, va, access, privilege, mstatus, asid);
    return mmu.install(result, shadow_view(privilege, mstatus));
  }
  uint64_t shadow_leaf(uint64_t table, ShadowView view, uint64_t va, uint16_t asid = 0) {
    const std::optional<uint64_t> shadow_root =
        mmu.root_of({.bare = false, .guest_root = table, .asid = asid}, view);
    return shadow_root ? mmu.tables().leaf(*shadow_root, va) : 0;
  }
};

TEST_F(ShadowMmuTest, ActivateReusesTheRootOfTheSameAddressSpaceAndView) {
  const ActiveShadow first = mmu.activate(Privilege::supervisor, 0, sv39(root)).value();
  const ActiveShadow again = mmu.activate(Privilege::supervisor, 0, sv39(root)).value();
  EXPECT_EQ(first.root_hpa, again.root_hpa);
  const ActiveShadow user = mmu.activate(Privilege::user, 0, sv39(root)).value();
  const ActiveShadow with_sum = mmu.activate(Privilege::supervisor, sum, sv39(root)).value();
  EXPECT_NE(user.root_hpa, first.root_hpa);
  EXPECT_NE(with_sum.root_hpa, first.root_hpa);
  EXPECT_EQ(mmu.counters().address_space_misses, 1u);
}

TEST_F(ShadowMmuTest, KernelPageIsMappedForVirtualSupervisorOnly) {
  map(root, kernel_va, page_a, kernel_rw);
  ASSERT_EQ(fault_in(root, kernel_va, AccessType::load, Privilege::supervisor), ShadowStatus::ok);
  EXPECT_EQ(shadow_leaf(root, kernel_view, kernel_va),
            pte::make(hpa_of(page_a), pte::v | pte::u | pte::a | pte::d | pte::r));
  EXPECT_EQ(shadow_leaf(root, user_view, kernel_va), 0u) << "user code must not reach it";
  EXPECT_EQ(fault_in(root, kernel_va, AccessType::load, Privilege::user),
            ShadowStatus::walk_failed);
}

TEST_F(ShadowMmuTest, UserPageNeedsSumInVirtualSupervisor) {
  map(root, user_va, page_a, user_rw);
  ASSERT_EQ(fault_in(root, user_va, AccessType::load, Privilege::user), ShadowStatus::ok);
  EXPECT_NE(shadow_leaf(root, user_view, user_va), 0u);
  EXPECT_EQ(shadow_leaf(root, kernel_view, user_va), 0u);
  ASSERT_EQ(fault_in(root, user_va, AccessType::load, Privilege::supervisor, sum),
            ShadowStatus::ok);
  EXPECT_NE(shadow_leaf(root, kernel_sum_view, user_va), 0u);
  EXPECT_EQ(shadow_leaf(root, kernel_view, user_va), 0u);
}

TEST_F(ShadowMmuTest, FirstStoreTrapsSoTheGuestPteGetsDirty) {
  const uint64_t leaf = map(root, kernel_va, page_a, kernel_rw);
  ASSERT_EQ(fault_in(root, kernel_va, AccessType::load, Privilege::supervisor), ShadowStatus::ok);
  EXPECT_EQ(shadow_leaf(root, kernel_view, kernel_va) & pte::w, 0u)
      << "a clean page must stay read-only in the shadow";
  ASSERT_EQ(fault_in(root, kernel_va, AccessType::store, Privilege::supervisor), ShadowStatus::ok);
  EXPECT_NE(shadow_leaf(root, kernel_view, kernel_va) & pte::w, 0u);
  EXPECT_NE(machine.read(leaf) & pte::d, 0u);
}

TEST_F(ShadowMmuTest, DeviceMemoryIsNeverMapped) {
  map(root, kernel_va, uart_gpa, kernel_rw);
  EXPECT_EQ(fault_in(root, kernel_va, AccessType::store, Privilege::supervisor),
            ShadowStatus::not_ram);
  EXPECT_EQ(shadow_leaf(root, kernel_view, kernel_va), 0u);
}

TEST_F(ShadowMmuTest, HostileGuestCannotMapTheHypervisorWindowOrMemoryBeyondItsRam) {
  map(root, hypervisor_window_base, page_a, kernel_rw);
  EXPECT_EQ(fault_in(root, hypervisor_window_base, AccessType::load, Privilege::supervisor),
            ShadowStatus::va_in_hypervisor_window);
  map(root, kernel_va, guest_ram_gpa + guest_ram_size, kernel_rw);
  const Walk beyond = walk(root, kernel_va, AccessType::load, Privilege::supervisor);
  EXPECT_EQ(beyond.exception(), riscv::Exception::load_access_fault);
  EXPECT_EQ(mmu.install(beyond, kernel_view), ShadowStatus::walk_failed);
  map(root, kernel_va, shadow_pool_hpa + guest_ram_gpa, kernel_rw);  // host pages, as a gpa
  EXPECT_EQ(walk(root, kernel_va, AccessType::load, Privilege::supervisor).exception(),
            riscv::Exception::load_access_fault);
}

TEST_F(ShadowMmuTest, UntranslatedExecutionShadowsGuestRamOneToOne) {
  const Walk bare = walk_guest_page_table(
      translation_context(Privilege::machine, 0, sv39(root), AccessType::fetch), guest_ram_gpa,
      AccessType::fetch, machine.guest);
  ASSERT_EQ(mmu.install(bare, kernel_view), ShadowStatus::ok);
  const ActiveShadow active = mmu.activate(Privilege::machine, 0, sv39(root)).value();
  EXPECT_TRUE(active.key.bare);
  EXPECT_EQ(pte::pa(mmu.tables().leaf(active.root_hpa, guest_ram_gpa)), hpa_of(guest_ram_gpa));
}

TEST_F(ShadowMmuTest, InvalidateVaDropsOnlyThatPage) {
  map(root, kernel_va, page_a, kernel_rw);
  map(root, kernel_va + page_size, page_b, kernel_rw);
  ASSERT_EQ(fault_in(root, kernel_va, AccessType::load, Privilege::supervisor), ShadowStatus::ok);
  ASSERT_EQ(fault_in(root, kernel_va + page_size, AccessType::load, Privilege::supervisor),
            ShadowStatus::ok);
  mmu.invalidate_va(kernel_va);
  EXPECT_EQ(shadow_leaf(root, kernel_view, kernel_va), 0u);
  EXPECT_NE(shadow_leaf(root, kernel_view, kernel_va + page_size), 0u);
}

TEST_F(ShadowMmuTest, InvalidateVaInsideASuperpageDropsEveryShadowedPageOfIt) {
  const uint64_t mega_va = 0x4020'0000;
  map(root, mega_va, guest_ram_gpa + 0x20'0000, kernel_rw, 1);
  map(root, kernel_va, page_a, kernel_rw);
  for (uint64_t offset : {0x0ull, 0x5000ull, 0x1F'F000ull}) {
    ASSERT_EQ(fault_in(root, mega_va + offset, AccessType::load, Privilege::supervisor),
              ShadowStatus::ok);
  }
  ASSERT_EQ(fault_in(root, kernel_va, AccessType::load, Privilege::supervisor), ShadowStatus::ok);
  mmu.invalidate_va(mega_va + 0x5000);
  EXPECT_EQ(shadow_leaf(root, kernel_view, mega_va), 0u);
  EXPECT_EQ(shadow_leaf(root, kernel_view, mega_va + 0x1F'F000), 0u);
  EXPECT_NE(shadow_leaf(root, kernel_view, kernel_va), 0u);
}

TEST_F(ShadowMmuTest, InvalidateAsidDropsOnlyThatAsid) {
  const uint64_t other_root = machine.new_table();
  map(root, kernel_va, page_a, kernel_rw);
  map(other_root, kernel_va, page_b, kernel_rw);
  ASSERT_EQ(fault_in(root, kernel_va, AccessType::load, Privilege::supervisor, 0, 1),
            ShadowStatus::ok);
  ASSERT_EQ(fault_in(other_root, kernel_va, AccessType::load, Privilege::supervisor, 0, 2),
            ShadowStatus::ok);
  mmu.invalidate_asid(1);
  EXPECT_EQ(shadow_leaf(root, kernel_view, kernel_va, 1), 0u);
  EXPECT_NE(shadow_leaf(other_root, kernel_view, kernel_va, 2), 0u);
  mmu.invalidate_va_asid(kernel_va, 2);
  EXPECT_EQ(shadow_leaf(other_root, kernel_view, kernel_va, 2), 0u);
}

TEST_F(ShadowMmuTest, InvalidateAllKeepsRootsLoadable) {
  map(root, kernel_va, page_a, kernel_rw);
  const ActiveShadow active = mmu.activate(Privilege::supervisor, 0, sv39(root)).value();
  ASSERT_EQ(fault_in(root, kernel_va, AccessType::load, Privilege::supervisor), ShadowStatus::ok);
  mmu.invalidate_all();
  EXPECT_EQ(mmu.tables().leaf(active.root_hpa, kernel_va), 0u);
  EXPECT_EQ(mmu.activate(Privilege::supervisor, 0, sv39(root))->root_hpa, active.root_hpa);
}

TEST_F(ShadowMmuTest, ContextSwitchBackFindsTheShadowStillBuilt) {
  const uint64_t other_root = machine.new_table();
  map(root, user_va, page_a, user_rw);
  map(other_root, user_va, page_b, user_rw);
  (void)mmu.activate(Privilege::user, 0, sv39(root));
  ASSERT_EQ(fault_in(root, user_va, AccessType::load, Privilege::user), ShadowStatus::ok);
  (void)mmu.activate(Privilege::user, 0, sv39(other_root));
  ASSERT_EQ(fault_in(other_root, user_va, AccessType::load, Privilege::user), ShadowStatus::ok);
  EXPECT_EQ(mmu.sync_guest_changes(), 0u) << "nothing changed: sfence keeps both shadows";
  const ActiveShadow back = mmu.activate(Privilege::user, 0, sv39(root)).value();
  EXPECT_EQ(pte::pa(mmu.tables().leaf(back.root_hpa, user_va)), hpa_of(page_a));
  EXPECT_EQ(mmu.counters().address_space_hits, 1u);
}

TEST_F(ShadowMmuTest, SfenceFindsTheChangedLeafRecordsItAndDropsOnlyItsPage) {
  const uint64_t leaf = map(root, kernel_va, page_a, kernel_rw);
  map(root, kernel_va + page_size, page_b, kernel_rw);
  ASSERT_EQ(fault_in(root, kernel_va, AccessType::load, Privilege::supervisor), ShadowStatus::ok);
  ASSERT_EQ(fault_in(root, kernel_va + page_size, AccessType::load, Privilege::supervisor),
            ShadowStatus::ok);
  const uint64_t before = machine.read(leaf);
  machine.write(leaf, pte::make(page_b, kernel_rw | pte::a));  // remap, copy-on-write style
  diffs.clear();
  EXPECT_EQ(mmu.sync_guest_changes(), 1u);
  ASSERT_GE(diffs.records().size(), 1u);
  const PageTableDiff& guest = diffs.records()[0];
  EXPECT_EQ(guest.table, TableKind::guest);
  EXPECT_EQ(guest.root, root);
  EXPECT_EQ(guest.va, kernel_va);
  EXPECT_EQ(guest.level, 0);
  EXPECT_EQ(guest.pte_address, leaf);
  EXPECT_EQ(guest.old_pte, before);
  EXPECT_EQ(guest.new_pte, pte::make(page_b, kernel_rw | pte::a));
  ASSERT_EQ(diffs.records().size(), 2u) << "and one shadow diff: the dropped leaf";
  EXPECT_EQ(diffs.records()[1].table, TableKind::shadow);
  EXPECT_EQ(diffs.records()[1].new_pte, 0u);
  EXPECT_EQ(shadow_leaf(root, kernel_view, kernel_va), 0u);
  EXPECT_NE(shadow_leaf(root, kernel_view, kernel_va + page_size), 0u);
  ASSERT_EQ(fault_in(root, kernel_va, AccessType::load, Privilege::supervisor), ShadowStatus::ok);
  EXPECT_EQ(pte::pa(shadow_leaf(root, kernel_view, kernel_va)), hpa_of(page_b));
}

TEST_F(ShadowMmuTest, SfenceAfterAChangedPointerDropsTheWholeSpan) {
  map(root, kernel_va, page_a, kernel_rw);
  map(root, kernel_va + 0x1000, page_b, kernel_rw);
  ASSERT_EQ(fault_in(root, kernel_va, AccessType::load, Privilege::supervisor), ShadowStatus::ok);
  ASSERT_EQ(fault_in(root, kernel_va + 0x1000, AccessType::load, Privilege::supervisor),
            ShadowStatus::ok);
  const uint64_t pointer_gpa = root + table_index(kernel_va, 2) * 8;
  machine.write(pointer_gpa, 0);
  EXPECT_EQ(mmu.sync_guest_changes(), 1u);
  EXPECT_EQ(shadow_leaf(root, kernel_view, kernel_va), 0u);
  EXPECT_EQ(shadow_leaf(root, kernel_view, kernel_va + 0x1000), 0u);
  EXPECT_EQ(mmu.tracked_guest_ptes(), 0u);
}

TEST_F(ShadowMmuTest, SettingAccessedOrDirtyIsNotAChangeButClearingThemIs) {
  const uint64_t leaf = map(root, kernel_va, page_a, kernel_rw);
  ASSERT_EQ(fault_in(root, kernel_va, AccessType::load, Privilege::supervisor), ShadowStatus::ok);
  machine.write(leaf, machine.read(leaf) | pte::d);
  EXPECT_EQ(mmu.sync_guest_changes(), 0u);
  machine.write(leaf, machine.read(leaf) & ~(pte::a | pte::d));
  EXPECT_EQ(mmu.sync_guest_changes(), 1u);
  EXPECT_EQ(shadow_leaf(root, kernel_view, kernel_va), 0u);
}

TEST_F(ShadowMmuTest, Sv48GuestNeedsAnSv48ShadowAbove39Bits) {
  const uint64_t high = 1ull << 40;
  const uint64_t root48 = machine.new_table();
  machine.map_page(root48, 4, high, page_a, kernel_rw);
  const Walk result =
      walk_guest_page_table({.satp = sv48(root48), .privilege = Privilege::supervisor}, high,
                            AccessType::load, machine.guest);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(mmu.install(result, kernel_view), ShadowStatus::va_not_shadowable);
  ShadowMmu sv48_mmu{pool, machine.host, machine.guest, nullptr, 0, PagingMode::sv48};
  ASSERT_EQ(sv48_mmu.install(result, kernel_view), ShadowStatus::ok);
  const uint64_t shadow_root =
      sv48_mmu.root_of({.bare = false, .guest_root = root48, .asid = 0}, kernel_view).value();
  EXPECT_EQ(pte::pa(sv48_mmu.tables().leaf(shadow_root, high)), hpa_of(page_a));
}

TEST_F(ShadowMmuTest, LeastRecentlyUsedAddressSpaceIsEvictedButNeverTheActiveOne) {
  std::array<uint64_t, ShadowMmu::max_address_spaces + 1> roots{};
  for (uint64_t& table : roots) table = machine.new_table();
  for (uint64_t table : roots) (void)mmu.activate(Privilege::user, 0, sv39(table));
  EXPECT_EQ(mmu.counters().evictions, 1u);
  EXPECT_FALSE(mmu.root_of({.bare = false, .guest_root = roots[0], .asid = 0}, user_view));
  EXPECT_TRUE(mmu.root_of({.bare = false, .guest_root = roots.back(), .asid = 0}, user_view));
}

TEST_F(ShadowMmuTest, ExhaustedPoolEvictsInactiveAddressSpacesAndCarriesOn) {
  FixedPagePool tiny{machine.host, shadow_pool_hpa, 5};  // one space and a half
  ShadowMmu small{tiny, machine.host, machine.guest, nullptr};
  const uint64_t other_root = machine.new_table();
  map(root, kernel_va, page_a, kernel_rw);
  map(other_root, kernel_va, page_b, kernel_rw);
  (void)small.activate(Privilege::supervisor, 0, sv39(other_root));
  ASSERT_EQ(small.install(walk(other_root, kernel_va, AccessType::load, Privilege::supervisor),
                          kernel_view),
            ShadowStatus::ok);
  (void)small.activate(Privilege::supervisor, 0, sv39(root));
  EXPECT_EQ(
      small.install(walk(root, kernel_va, AccessType::load, Privilege::supervisor), kernel_view),
      ShadowStatus::ok);
  EXPECT_FALSE(small.root_of({.bare = false, .guest_root = other_root, .asid = 0}, kernel_view));
}

}  // namespace
}  // namespace gh::mmu::test

namespace gh::mmu::test {
namespace {

using riscv::Privilege;

class ShadowSuperpageTest : public ::testing::Test {
 protected:
  static constexpr uint64_t kernel_rwad = pte::v | pte::r | pte::w | pte::a | pte::d;
  static constexpr uint64_t mega_va = 0x4000'0000;
  static constexpr ShadowView kernel{.mode = VirtualMode::supervisor, .sum = false, .mxr = false};
  static constexpr ShadowView machine_view{
      .mode = VirtualMode::supervisor, .sum = false, .mxr = false};
  FakeMachine machine;
  FixedPagePool pool{machine.host, shadow_pool_hpa, shadow_pool_pages};
  ShadowMmu mmu{pool, machine.host, machine.guest, nullptr};
  uint64_t root = machine.new_table();

  Walk walk(uint64_t table, uint64_t va, Privilege privilege = Privilege::supervisor) {
    return walk_guest_page_table(translation_context(privilege, 0, sv39(table), AccessType::load),
                                 va, AccessType::load, machine.guest);
  }
  uint64_t leaf(uint64_t table, ShadowView view, uint64_t va) {
    const std::optional<uint64_t> shadow_root =
        mmu.root_of({.bare = false, .guest_root = table, .asid = 0}, view);
    return shadow_root ? mmu.tables().leaf(*shadow_root, va) : 0;
  }
};

TEST_F(ShadowSuperpageTest, GuestMegapageIsShadowedWholeWhenAllowed) {
  machine.map_page(root, 3, mega_va, guest_ram_gpa, kernel_rwad, 1);
  ASSERT_EQ(mmu.install(walk(root, mega_va + 0x5000), kernel, 0, 2), ShadowStatus::ok);
  EXPECT_EQ(pte::pa(leaf(root, kernel, mega_va + 0x1F'F000)), hpa_of(guest_ram_gpa));
  EXPECT_EQ(mmu.counters().installs, 1u);
  mmu.invalidate_va(mega_va + 0x1000);
  EXPECT_EQ(leaf(root, kernel, mega_va + 0x5000), 0u) << "a fence anywhere drops the superpage";
}

TEST_F(ShadowSuperpageTest, WithoutPermissionTheMegapageIsShadowedPageByPage) {
  machine.map_page(root, 3, mega_va, guest_ram_gpa, kernel_rwad, 1);
  ASSERT_EQ(mmu.install(walk(root, mega_va + 0x5000), kernel), ShadowStatus::ok);
  EXPECT_EQ(pte::pa(leaf(root, kernel, mega_va + 0x5000)), hpa_of(guest_ram_gpa + 0x5000));
  EXPECT_EQ(leaf(root, kernel, mega_va + 0x6000), 0u);
}

TEST_F(ShadowSuperpageTest, UntranslatedMemoryUsesSuperpagesInsideRamOnly) {
  const Walk bare = walk(root, guest_ram_gpa + 0x20'3000, Privilege::machine);
  ASSERT_EQ(mmu.install(bare, machine_view, 0, 2), ShadowStatus::ok);
  const uint64_t shadow_root = mmu.root_of({}, machine_view).value();
  const uint64_t mapped = mmu.tables().leaf(shadow_root, guest_ram_gpa + 0x3F'F000);
  EXPECT_EQ(pte::pa(mapped), hpa_of(guest_ram_gpa + 0x20'0000)) << "the 2 MiB block";
  EXPECT_EQ(mmu.tables().leaf(shadow_root, guest_ram_gpa), 0u) << "not the neighbouring block";
}

TEST_F(ShadowSuperpageTest, AFenceChecksAnInactiveAddressSpaceWhenItIsActivatedAgain) {
  const uint64_t other = machine.new_table();
  const uint64_t pte_a = machine.map_page(root, 3, mega_va, guest_ram_gpa, kernel_rwad);
  machine.map_page(other, 3, mega_va, guest_ram_gpa + 0x1000, kernel_rwad);
  (void)mmu.activate(Privilege::supervisor, 0, sv39(root));
  ASSERT_EQ(mmu.install(walk(root, mega_va), kernel), ShadowStatus::ok);
  (void)mmu.activate(Privilege::supervisor, 0, sv39(other));
  ASSERT_EQ(mmu.install(walk(other, mega_va), kernel), ShadowStatus::ok);
  machine.write(pte_a, pte::make(guest_ram_gpa + 0x2000, kernel_rwad));
  const uint64_t checks_before = mmu.counters().guest_pte_checks;
  EXPECT_EQ(mmu.fence_guest_changes(), 0u) << "only the active space is read at the fence";
  EXPECT_EQ(mmu.counters().guest_pte_checks - checks_before, 3u);
  (void)mmu.activate(Privilege::supervisor, 0, sv39(root));
  EXPECT_EQ(mmu.counters().guest_pte_changes, 1u);
  EXPECT_EQ(leaf(root, kernel, mega_va), 0u);
  EXPECT_NE(leaf(other, kernel, mega_va), 0u);
}

TEST_F(ShadowSuperpageTest, ANewWalkThroughAChangedTableDropsWhatTheOldTableMapped) {
  machine.map_page(root, 3, mega_va, guest_ram_gpa, kernel_rwad);
  machine.map_page(root, 3, mega_va + 0x1000, guest_ram_gpa + 0x1000, kernel_rwad);
  ASSERT_EQ(mmu.install(walk(root, mega_va), kernel), ShadowStatus::ok);
  ASSERT_EQ(mmu.install(walk(root, mega_va + 0x1000), kernel), ShadowStatus::ok);
  // The guest points the top-level entry at other tables (no fence yet) and faults again.
  const uint64_t elsewhere = machine.new_table();
  machine.map_page(elsewhere, 3, mega_va, guest_ram_gpa + 0x3000, kernel_rwad);
  const uint64_t top = root + table_index(mega_va, 2) * 8;
  machine.write(top, machine.read(elsewhere + table_index(mega_va, 2) * 8));
  ASSERT_EQ(mmu.install(walk(root, mega_va), kernel), ShadowStatus::ok);
  EXPECT_EQ(pte::pa(leaf(root, kernel, mega_va)), hpa_of(guest_ram_gpa + 0x3000));
  EXPECT_EQ(leaf(root, kernel, mega_va + 0x1000), 0u) << "built through the old table";
  EXPECT_EQ(mmu.sync_guest_changes(), 0u);
}

}  // namespace
}  // namespace gh::mmu::test
