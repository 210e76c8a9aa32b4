// Shadow leaf rights per view: what virtual U and virtual S may do through one shadow leaf.
#include "mmu/shadow_permissions.hpp"

#include <gtest/gtest.h>

#include <string>

#include "fake_machine.hpp"

namespace gh::mmu::test {
namespace {

constexpr ShadowView user{.mode = VirtualMode::user, .sum = false, .mxr = false};
constexpr ShadowView user_mxr{.mode = VirtualMode::user, .sum = false, .mxr = true};
constexpr ShadowView kernel{.mode = VirtualMode::supervisor, .sum = false, .mxr = false};
constexpr ShadowView kernel_sum{.mode = VirtualMode::supervisor, .sum = true, .mxr = false};
constexpr ShadowView kernel_mxr{.mode = VirtualMode::supervisor, .sum = false, .mxr = true};

Walk translated_leaf(uint64_t flags) {
  Walk walk;
  walk.translated_by_tables = true;
  walk.outcome = WalkOutcome::translated;
  walk.leaf_pte = pte::make(guest_ram_gpa, flags);
  return walk;
}

// "rwx" letters the shadow grants, "-" for none; "unmapped" when there is no leaf.
std::string rights(uint64_t flags) {
  if (flags == 0) return "unmapped";
  std::string text;
  text += (flags & pte::r) ? 'r' : '-';
  text += (flags & pte::w) ? 'w' : '-';
  text += (flags & pte::x) ? 'x' : '-';
  return text;
}

std::string shadow_rights(uint64_t guest_flags, ShadowView view) {
  return rights(shadow_leaf_flags(translated_leaf(guest_flags), view));
}

constexpr uint64_t vad = pte::v | pte::a | pte::d;

TEST(ShadowPermissions, EveryShadowLeafIsAHostUserPageWithAccessedAndDirty) {
  const uint64_t flags = shadow_leaf_flags(translated_leaf(vad | pte::r | pte::u), user);
  EXPECT_EQ(flags & (pte::v | pte::u | pte::a | pte::d | pte::g),
            pte::v | pte::u | pte::a | pte::d);
}

TEST(ShadowPermissions, VirtualUserGetsOnlyUserPages) {
  EXPECT_EQ(shadow_rights(vad | pte::r | pte::w | pte::u, user), "rw-");
  EXPECT_EQ(shadow_rights(vad | pte::r | pte::x | pte::u, user), "r-x");
  EXPECT_EQ(shadow_rights(vad | pte::r | pte::w | pte::x, user), "unmapped");
}

TEST(ShadowPermissions, VirtualSupervisorGetsUserPagesOnlyWithSumAndNeverToExecute) {
  EXPECT_EQ(shadow_rights(vad | pte::r | pte::w | pte::u, kernel), "unmapped");
  EXPECT_EQ(shadow_rights(vad | pte::r | pte::w | pte::x | pte::u, kernel_sum), "rw-");
  EXPECT_EQ(shadow_rights(vad | pte::x | pte::u, kernel_sum), "unmapped");
  EXPECT_EQ(shadow_rights(vad | pte::r | pte::w | pte::x, kernel), "rwx");
}

TEST(ShadowPermissions, WriteIsWithheldUntilTheGuestPteIsDirty) {
  EXPECT_EQ(shadow_rights(pte::v | pte::a | pte::r | pte::w, kernel), "r--");
  EXPECT_EQ(shadow_rights(pte::v | pte::a | pte::d | pte::r | pte::w, kernel), "rw-");
}

TEST(ShadowPermissions, MxrAddsReadToExecutablePages) {
  EXPECT_EQ(shadow_rights(vad | pte::x, kernel), "--x");
  EXPECT_EQ(shadow_rights(vad | pte::x, kernel_mxr), "r-x");
  EXPECT_EQ(shadow_rights(vad | pte::x | pte::u, user_mxr), "r-x");
}

TEST(ShadowPermissions, UntranslatedExecutionGetsEverything) {
  Walk bare;
  bare.outcome = WalkOutcome::translated;
  EXPECT_EQ(rights(shadow_leaf_flags(bare, user)), "rwx");
}

TEST(ShadowPermissions, MachineModeWithMprvBelowMachineRunsFetchOnly) {
  const uint64_t mprv_s = riscv::mstatus::mprv | (1ull << riscv::mstatus::mpp_shift);
  const ShadowView view = shadow_view(riscv::Privilege::machine, mprv_s | riscv::mstatus::sum);
  EXPECT_TRUE(view.fetch_only);
  EXPECT_EQ(view.index(), ShadowView::count - 1);
  Walk bare;
  bare.outcome = WalkOutcome::translated;
  EXPECT_EQ(rights(shadow_leaf_flags(bare, view)), "--x");
  EXPECT_EQ(shadow_rights(vad | pte::r | pte::w | pte::x, view), "unmapped");
  // MPP = M, or MPRV outside M: nothing changes.
  const uint64_t mprv_m = riscv::mstatus::mprv | riscv::mstatus::mpp;
  EXPECT_FALSE(shadow_view(riscv::Privilege::machine, mprv_m).fetch_only);
  EXPECT_FALSE(shadow_view(riscv::Privilege::supervisor, mprv_s).fetch_only);
  EXPECT_EQ(shadow_view(riscv::Privilege::supervisor, mprv_s), kernel);
}

TEST(ShadowPermissions, ViewsHaveSevenDistinctRootsAndUserIgnoresSum) {
  bool seen[ShadowView::count] = {};
  for (VirtualMode mode : {VirtualMode::user, VirtualMode::supervisor}) {
    for (bool sum : {false, true}) {
      for (bool mxr : {false, true}) {
        const ShadowView view{.mode = mode, .sum = sum, .mxr = mxr};
        ASSERT_LT(view.index(), ShadowView::count);
        seen[view.index()] = true;
      }
    }
  }
  const ShadowView fetch_only{.fetch_only = true};
  ASSERT_LT(fetch_only.index(), ShadowView::count);
  EXPECT_FALSE(seen[fetch_only.index()]);
  seen[fetch_only.index()] = true;
  for (bool slot : seen) EXPECT_TRUE(slot);
  EXPECT_EQ(shadow_view(riscv::Privilege::user, riscv::mstatus::sum), user);
  EXPECT_EQ(shadow_view(riscv::Privilege::supervisor, riscv::mstatus::sum), kernel_sum);
  EXPECT_EQ(shadow_view(riscv::Privilege::machine, riscv::mstatus::mxr), kernel_mxr);
}

TEST(ShadowPermissions, WithheldRightsLeaveTheRest) {
  constexpr uint64_t always = pte::v | pte::u | pte::a | pte::d;
  constexpr uint64_t rwx = always | pte::r | pte::w | pte::x;
  EXPECT_EQ(withhold_rights(rwx, pte::x), always | pte::r | pte::w);
  EXPECT_EQ(withhold_rights(rwx, pte::r | pte::w), always | pte::x) << "execute-only";
  EXPECT_EQ(withhold_rights(rwx, pte::r), always | pte::x) << "no W without R";
  EXPECT_EQ(withhold_rights(always | pte::r | pte::w, pte::r), 0u) << "nothing left: unmapped";
  EXPECT_EQ(withhold_rights(rwx, 0), rwx);
}

}  // namespace
}  // namespace gh::mmu::test
