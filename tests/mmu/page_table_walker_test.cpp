// The guest page-table walker against QEMU 7.2's hardware walker semantics.
#include "mmu/page_table_walker.hpp"

#include <gtest/gtest.h>

#include "fake_machine.hpp"

namespace gh::mmu::test {
namespace {

using riscv::Exception;
using riscv::Privilege;

constexpr uint64_t kernel_rw = pte::v | pte::r | pte::w;
constexpr uint64_t kernel_rx = pte::v | pte::r | pte::x;
constexpr uint64_t user_rw = kernel_rw | pte::u;
constexpr uint64_t user_rx = kernel_rx | pte::u;
constexpr uint64_t kernel_rwx = kernel_rw | pte::x;
constexpr uint64_t data_gpa = guest_ram_gpa + 0x10'0000;
constexpr uint64_t va = 0x4000'1000;

class WalkerTest : public ::testing::Test {
 protected:
  FakeMachine machine;
  uint64_t root = machine.new_table();

  uint64_t map(uint64_t at, uint64_t gpa, uint64_t flags, unsigned level = 0) {
    return machine.map_page(root, 3, at, gpa, flags, level);
  }
  Walk walk(uint64_t at, AccessType access, Privilege privilege = Privilege::supervisor,
            bool sum = false, bool mxr = false, const WalkOptions& options = {}) {
    const TranslationContext context{
        .satp = sv39(root), .privilege = privilege, .sum = sum, .mxr = mxr};
    return walk_guest_page_table(context, at, access, machine.guest, options);
  }
};

TEST_F(WalkerTest, KernelLoadOfKernelPageTranslatesWithFullTrace) {
  const uint64_t leaf = map(va, data_gpa, kernel_rw);
  const Walk result = walk(va + 0x123, AccessType::load);
  EXPECT_EQ(outcome_of(result), translated_to(data_gpa + 0x123));
  ASSERT_EQ(result.step_count, 3);
  EXPECT_EQ(result.steps[0].level, 2);
  EXPECT_EQ(result.steps[0].table_gpa, root);
  EXPECT_EQ(result.steps[0].index, 1);
  EXPECT_EQ(result.steps[0].pte_gpa, root + 8);
  EXPECT_EQ(result.steps[1].index, 0);
  EXPECT_EQ(result.steps[2].index, 1);
  EXPECT_EQ(result.steps[2].pte_gpa, leaf);
  EXPECT_EQ(result.steps[2].pte, pte::make(data_gpa, kernel_rw));
  EXPECT_EQ(result.region.kind, RegionKind::ram);
  EXPECT_EQ(result.region.hpa, guest_ram_hpa + 0x10'0123);
  EXPECT_EQ(result.satp.mode, PagingMode::sv39);
}

TEST_F(WalkerTest, LoadSetsAccessedOnlyAndRecordsTheGuestDiff) {
  const uint64_t leaf = map(va, data_gpa, kernel_rw);
  DiffLog<4> diffs;
  const Walk result = walk(va, AccessType::load, Privilege::supervisor, false, false,
                           {.update_accessed_dirty = true, .diffs = &diffs});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(machine.read(leaf), pte::make(data_gpa, kernel_rw | pte::a));
  EXPECT_EQ(result.leaf_pte, machine.read(leaf));
  ASSERT_EQ(diffs.records().size(), 1u);
  const PageTableDiff& diff = diffs.records()[0];
  EXPECT_EQ(diff.table, TableKind::guest);
  EXPECT_EQ(diff.root, root);
  EXPECT_EQ(diff.va, va);
  EXPECT_EQ(diff.pte_address, leaf);
  EXPECT_EQ(diff.old_pte, pte::make(data_gpa, kernel_rw));
  EXPECT_EQ(diff.new_pte, pte::make(data_gpa, kernel_rw | pte::a));
}

TEST_F(WalkerTest, StoreSetsAccessedAndDirty) {
  const uint64_t leaf = map(va, data_gpa, kernel_rw);
  ASSERT_TRUE(walk(va, AccessType::store).ok());
  EXPECT_EQ(machine.read(leaf), pte::make(data_gpa, kernel_rw | pte::a | pte::d));
}

TEST_F(WalkerTest, FetchSetsAccessedOnly) {
  const uint64_t leaf = map(va, data_gpa, kernel_rx);
  ASSERT_TRUE(walk(va, AccessType::fetch).ok());
  EXPECT_EQ(machine.read(leaf), pte::make(data_gpa, kernel_rx | pte::a));
}

TEST_F(WalkerTest, InspectionWalkLeavesAccessedDirtyAlone) {
  const uint64_t leaf = map(va, data_gpa, kernel_rw);
  ASSERT_TRUE(walk(va, AccessType::store, Privilege::supervisor, false, false,
                   {.update_accessed_dirty = false, .diffs = nullptr})
                  .ok());
  EXPECT_EQ(machine.read(leaf), pte::make(data_gpa, kernel_rw));
}

TEST_F(WalkerTest, FaultingStoreLeavesAccessedClear) {
  const uint64_t leaf = map(va, data_gpa, kernel_rx);
  EXPECT_EQ(outcome_of(walk(va, AccessType::store)),
            fault(Exception::store_page_fault, WalkRule::store_not_writable, 0));
  EXPECT_EQ(machine.read(leaf), pte::make(data_gpa, kernel_rx));
}

TEST_F(WalkerTest, UserReadOfKernelPageIsALoadPageFault) {
  map(va, data_gpa, kernel_rw);
  EXPECT_EQ(outcome_of(walk(va, AccessType::load, Privilege::user)),
            fault(Exception::load_page_fault, WalkRule::supervisor_page_in_user, 0));
}

TEST_F(WalkerTest, UserAccessOfUserPagesFollowsRWX) {
  map(va, data_gpa, user_rx);
  EXPECT_TRUE(walk(va, AccessType::fetch, Privilege::user).ok());
  EXPECT_TRUE(walk(va, AccessType::load, Privilege::user).ok());
  EXPECT_EQ(outcome_of(walk(va, AccessType::store, Privilege::user)),
            fault(Exception::store_page_fault, WalkRule::store_not_writable, 0));
}

TEST_F(WalkerTest, SupervisorReadOfUserPageNeedsSum) {
  map(va, data_gpa, user_rw);
  EXPECT_EQ(outcome_of(walk(va, AccessType::load)),
            fault(Exception::load_page_fault, WalkRule::user_page_in_supervisor, 0));
  EXPECT_EQ(outcome_of(walk(va, AccessType::store)),
            fault(Exception::store_page_fault, WalkRule::user_page_in_supervisor, 0));
  EXPECT_EQ(outcome_of(walk(va, AccessType::load, Privilege::supervisor, true)),
            translated_to(data_gpa));
  EXPECT_EQ(outcome_of(walk(va, AccessType::store, Privilege::supervisor, true)),
            translated_to(data_gpa));
}

TEST_F(WalkerTest, SupervisorFetchFromUserPageFaultsEvenWithSum) {
  map(va, data_gpa, user_rx);
  EXPECT_EQ(outcome_of(walk(va, AccessType::fetch, Privilege::supervisor, true)),
            fault(Exception::instruction_page_fault, WalkRule::user_page_fetch_in_supervisor, 0));
}

TEST_F(WalkerTest, MxrMakesExecuteOnlyPagesReadable) {
  map(va, data_gpa, pte::v | pte::x);
  EXPECT_EQ(outcome_of(walk(va, AccessType::load)),
            fault(Exception::load_page_fault, WalkRule::load_not_readable, 0));
  EXPECT_EQ(outcome_of(walk(va, AccessType::load, Privilege::supervisor, false, true)),
            translated_to(data_gpa));
  EXPECT_TRUE(walk(va, AccessType::fetch).ok());
}

TEST_F(WalkerTest, MxrAppliesToUserMode) {
  map(va, data_gpa, pte::v | pte::x | pte::u);
  EXPECT_FALSE(walk(va, AccessType::load, Privilege::user).ok());
  EXPECT_TRUE(walk(va, AccessType::load, Privilege::user, false, true).ok());
}

TEST_F(WalkerTest, WriteWithoutReadIsReserved) {
  map(va, data_gpa, pte::v | pte::w);
  EXPECT_EQ(outcome_of(walk(va, AccessType::store)),
            fault(Exception::store_page_fault, WalkRule::write_without_read, 0));
  map(va, data_gpa, pte::v | pte::w | pte::x);
  EXPECT_EQ(outcome_of(walk(va, AccessType::fetch)),
            fault(Exception::instruction_page_fault, WalkRule::write_execute_without_read, 0));
}

TEST_F(WalkerTest, InvalidPteFaultsAtItsLevel) {
  EXPECT_EQ(outcome_of(walk(va, AccessType::load)),
            fault(Exception::load_page_fault, WalkRule::invalid_pte, 2));
  map(va, data_gpa, kernel_rw);
  EXPECT_EQ(outcome_of(walk(va + 0x20'0000, AccessType::load)),
            fault(Exception::load_page_fault, WalkRule::invalid_pte, 1));
}

TEST_F(WalkerTest, NonLeafWithAccessedDirtyOrUserFaults) {
  map(va, data_gpa, kernel_rw);
  const uint64_t pointer_gpa = root + table_index(va, 2) * 8;
  const uint64_t pointer = machine.read(pointer_gpa);
  for (uint64_t bit : {pte::a, pte::d, pte::u}) {
    machine.write(pointer_gpa, pointer | bit);
    EXPECT_EQ(outcome_of(walk(va, AccessType::load)),
              fault(Exception::load_page_fault, WalkRule::non_leaf_with_leaf_bits, 2))
        << "bit " << bit;
  }
  machine.write(pointer_gpa, pointer | pte::g);
  EXPECT_TRUE(walk(va, AccessType::load).ok()) << "G is allowed on a non-leaf PTE";
}

TEST_F(WalkerTest, PointerAtLastLevelFaults) {
  map(va, data_gpa, pte::v);
  EXPECT_EQ(outcome_of(walk(va, AccessType::load)),
            fault(Exception::load_page_fault, WalkRule::no_leaf_at_last_level, 0));
}

TEST_F(WalkerTest, ReservedNapotAndPbmtBitsFault) {
  const uint64_t leaf = map(va, data_gpa, kernel_rw);
  for (unsigned bit : {54u, 60u, 61u, 62u, 63u}) {
    machine.write(leaf, pte::make(data_gpa, kernel_rw) | (1ull << bit));
    EXPECT_EQ(outcome_of(walk(va, AccessType::load)),
              fault(Exception::load_page_fault, WalkRule::reserved_bits_set, 0))
        << "bit " << bit;
  }
}

TEST_F(WalkerTest, AlignedMegapageTranslatesWithVaLowBits) {
  const uint64_t mega_va = 0x4020'0000;
  map(mega_va, guest_ram_gpa + 0x20'0000, kernel_rw, 1);
  const Walk result = walk(mega_va + 0x1'2345, AccessType::load);
  EXPECT_EQ(outcome_of(result), translated_to(guest_ram_gpa + 0x21'2345));
  EXPECT_EQ(result.leaf_level, 1);
  EXPECT_EQ(result.step_count, 2);
}

TEST_F(WalkerTest, MisalignedMegapageFaults) {
  map(0x4020'0000, guest_ram_gpa + 0x1000, kernel_rw, 1);
  EXPECT_EQ(outcome_of(walk(0x4020'0000, AccessType::load)),
            fault(Exception::load_page_fault, WalkRule::misaligned_superpage, 1));
}

TEST_F(WalkerTest, GigapageMustBeGigabyteAligned) {
  map(0xC000'0000, guest_ram_gpa, kernel_rw, 2);
  EXPECT_EQ(outcome_of(walk(0xC000'0000 + 0x12'3456, AccessType::load)),
            translated_to(guest_ram_gpa + 0x12'3456));
  map(0xC000'0000, guest_ram_gpa + 0x20'0000, kernel_rw, 2);
  EXPECT_EQ(outcome_of(walk(0xC000'0000, AccessType::load)),
            fault(Exception::load_page_fault, WalkRule::misaligned_superpage, 2));
}

TEST_F(WalkerTest, MisalignmentIsCheckedAfterPrivilegeBeforeAccess) {
  map(0x4020'0000, guest_ram_gpa + 0x1000, kernel_rx, 1);
  EXPECT_EQ(outcome_of(walk(0x4020'0000, AccessType::load, Privilege::user)),
            fault(Exception::load_page_fault, WalkRule::supervisor_page_in_user, 1));
  EXPECT_EQ(outcome_of(walk(0x4020'0000, AccessType::store)),
            fault(Exception::store_page_fault, WalkRule::misaligned_superpage, 1));
}

TEST_F(WalkerTest, Sv39TopOfLowerHalfTranslatesAndBitThirtyEightIsNonCanonical) {
  const uint64_t trampoline = (1ull << 38) - page_size;  // MAXVA - PGSIZE in xv6
  map(trampoline, data_gpa, kernel_rx);
  EXPECT_EQ(outcome_of(walk(trampoline, AccessType::fetch)), translated_to(data_gpa));
  EXPECT_EQ(outcome_of(walk(1ull << 38, AccessType::load)),
            fault(Exception::load_page_fault, WalkRule::non_canonical_address, -1));
  EXPECT_EQ(outcome_of(walk(1ull << 39, AccessType::store)),
            fault(Exception::store_page_fault, WalkRule::non_canonical_address, -1));
  EXPECT_EQ(outcome_of(walk(0x8000'0000'0000'0000, AccessType::fetch)),
            fault(Exception::instruction_page_fault, WalkRule::non_canonical_address, -1));
}

TEST_F(WalkerTest, Sv39UpperHalfIsSignExtended) {
  const uint64_t high_va = 0xFFFF'FFC0'0000'0000;  // index 256 at level 2
  map(high_va, data_gpa, kernel_rw);
  const Walk result = walk(high_va, AccessType::load);
  EXPECT_EQ(outcome_of(result), translated_to(data_gpa));
  EXPECT_EQ(result.steps[0].index, 256);
}

TEST_F(WalkerTest, LeafPointingOutsideGuestMemoryIsAnAccessFaultAfterSettingAccessed) {
  const uint64_t leaf = map(va, 0x4000'0000, kernel_rwx);
  EXPECT_EQ(outcome_of(walk(va, AccessType::load)),
            fault(Exception::load_access_fault, WalkRule::gpa_outside_guest_memory, -1));
  EXPECT_EQ(outcome_of(walk(va, AccessType::store)),
            fault(Exception::store_access_fault, WalkRule::gpa_outside_guest_memory, -1));
  EXPECT_EQ(outcome_of(walk(va, AccessType::fetch)),
            fault(Exception::instruction_access_fault, WalkRule::gpa_outside_guest_memory, -1));
  EXPECT_EQ(machine.read(leaf), pte::make(0x4000'0000, kernel_rwx | pte::a | pte::d));
}

TEST_F(WalkerTest, LeafPointingAtDeviceIsRoutedToTheDevice) {
  map(va, uart_gpa, kernel_rw);
  const Walk result = walk(va + 5, AccessType::store);
  EXPECT_EQ(outcome_of(result), translated_to(uart_gpa + 5));
  EXPECT_EQ(result.region.kind, RegionKind::mmio);
  EXPECT_EQ(result.region.device, uart_device);
  EXPECT_EQ(result.region.offset, 5u);
}

TEST_F(WalkerTest, PageTableOutsideGuestRamIsAPageFault) {
  machine.write(root + table_index(va, 2) * 8, pte::make(0x4000'0000, pte::v));
  EXPECT_EQ(outcome_of(walk(va, AccessType::load)),
            fault(Exception::load_page_fault, WalkRule::pte_not_in_ram, 1));
}

TEST_F(WalkerTest, RootOutsideGuestRamIsAPageFault) {
  const TranslationContext context{.satp = sv39(0x1000), .privilege = Privilege::supervisor};
  EXPECT_EQ(outcome_of(walk_guest_page_table(context, va, AccessType::fetch, machine.guest)),
            fault(Exception::instruction_page_fault, WalkRule::pte_not_in_ram, 2));
}

TEST(WalkerBare, BareModeIsIdentityAndFaultsOutsideGuestMemory) {
  FakeMachine machine;
  const TranslationContext context{.satp = 0, .privilege = Privilege::supervisor};
  EXPECT_EQ(outcome_of(
                walk_guest_page_table(context, guest_ram_gpa + 8, AccessType::load, machine.guest)),
            translated_to(guest_ram_gpa + 8));
  EXPECT_EQ(outcome_of(
                walk_guest_page_table(context, 0x1234'0000'0000, AccessType::store, machine.guest)),
            fault(Exception::store_access_fault, WalkRule::gpa_outside_guest_memory, -1));
}

TEST_F(WalkerTest, MachineModeIgnoresSatpButMprvTranslatesLoadsAndStores) {
  map(va, data_gpa, user_rw);
  const uint64_t mstatus = riscv::mstatus::mprv;  // MPP = U
  const TranslationContext load =
      translation_context(Privilege::machine, mstatus, sv39(root), AccessType::load);
  EXPECT_EQ(outcome_of(walk_guest_page_table(load, va, AccessType::load, machine.guest)),
            translated_to(data_gpa));
  const TranslationContext fetch =
      translation_context(Privilege::machine, mstatus, sv39(root), AccessType::fetch);
  EXPECT_EQ(fetch.privilege, Privilege::machine);
  EXPECT_EQ(
      outcome_of(walk_guest_page_table(fetch, guest_ram_gpa, AccessType::fetch, machine.guest)),
      translated_to(guest_ram_gpa));
}

TEST(WalkerSv48, FourLevelsAndCanonicalAt47Bits) {
  FakeMachine machine;
  const uint64_t root = machine.new_table();
  const uint64_t high = 1ull << 38;  // non-canonical in Sv39, fine in Sv48
  machine.map_page(root, 4, high, data_gpa, kernel_rw);
  const TranslationContext context{.satp = sv48(root), .privilege = Privilege::supervisor};
  const Walk result = walk_guest_page_table(context, high + 8, AccessType::load, machine.guest);
  EXPECT_EQ(outcome_of(result), translated_to(data_gpa + 8));
  EXPECT_EQ(result.step_count, 4);
  EXPECT_EQ(result.steps[0].level, 3);
  EXPECT_EQ(outcome_of(walk_guest_page_table(context, 1ull << 47, AccessType::load, machine.guest)),
            fault(Exception::load_page_fault, WalkRule::non_canonical_address, -1));
  EXPECT_EQ(
      outcome_of(walk_guest_page_table(context, ~0ull << 47, AccessType::load, machine.guest)),
      fault(Exception::load_page_fault, WalkRule::invalid_pte, 3));
}

TEST(SatpWrite, UnsupportedModeIsIgnoredLikeQemu) {
  const uint64_t old_satp = sv39(0x8000'0000, 1);
  const SupportedPagingModes sv39_only{};
  EXPECT_EQ(satp_after_write(old_satp, sv48(0x8010'0000), sv39_only), old_satp);
  EXPECT_EQ(satp_after_write(old_satp, 5ull << 60, sv39_only), old_satp);
  EXPECT_EQ(satp_after_write(old_satp, sv39(0x8010'0000, 3), sv39_only), sv39(0x8010'0000, 3));
  EXPECT_EQ(satp_after_write(old_satp, 0, sv39_only), 0u);
  EXPECT_EQ(satp_after_write(old_satp, sv48(0x8010'0000), {.sv39 = true, .sv48 = true}),
            sv48(0x8010'0000));
}

// Loses the first compare-and-swap of A/D as if another hart had just rewritten the PTE.
class RacingGuestMemory final : public GuestPhysicalMemory {
 public:
  RacingGuestMemory(MappedGuestMemory& real, uint64_t replacement)
      : real_(real), replacement_(replacement) {}
  RegionLookup lookup(uint64_t gpa) const override { return real_.lookup(gpa); }
  std::optional<uint64_t> read64(uint64_t gpa) override { return real_.read64(gpa); }
  std::optional<uint64_t> compare_exchange64(uint64_t gpa, uint64_t expected,
                                             uint64_t desired) override {
    if (!raced_) {
      raced_ = true;
      (void)real_.write64(gpa, replacement_);
    }
    return real_.compare_exchange64(gpa, expected, desired);
  }

 private:
  MappedGuestMemory& real_;
  uint64_t replacement_;
  bool raced_ = false;
};

TEST_F(WalkerTest, AccessedUpdateThatLosesARaceRewalksAndSeesTheNewPte) {
  const uint64_t leaf = map(va, data_gpa, kernel_rw);
  const uint64_t moved = pte::make(data_gpa + page_size, kernel_rw);
  RacingGuestMemory racing(machine.guest, moved);
  const TranslationContext context{.satp = sv39(root), .privilege = Privilege::supervisor};
  EXPECT_EQ(outcome_of(walk_guest_page_table(context, va, AccessType::load, racing)),
            translated_to(data_gpa + page_size));
  EXPECT_EQ(machine.read(leaf), moved | pte::a);
}

}  // namespace
}  // namespace gh::mmu::test
