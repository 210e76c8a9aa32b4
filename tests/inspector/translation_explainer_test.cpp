// Translations from a recording (the mmu walker over the rebuilt guest table) and their
// step-by-step explanation, for a superpage, a 4 KiB page, and failing walks.
#include "translation_explainer.hpp"

#include <gtest/gtest.h>

#include "mmu/walk_rule.hpp"
#include "model_fixture.hpp"
#include "synthetic_stream.hpp"

namespace gh::inspector {
namespace {

namespace layout = events::test::synthetic;
using events::VirtualMode;

constexpr uint64_t sv39(uint64_t root) { return (8ull << 60) | (root >> 12); }

class RecordedTranslation : public ::testing::Test {
 protected:
  void SetUp() override {
    test::load(model_, events::test::synthetic_stream({.events = 3000, .vcpus = 2}));
    tables_ = model_.page_tables().at(static_cast<EventIndex>(model_.log().size() - 1));
  }
  events::TranslationRecord translate(uint64_t gva, VirtualMode mode, uint64_t root,
                                      events::AccessKind access = events::AccessKind::load) {
    return translate_recorded(
        {.gva = gva, .access = access, .satp = sv39(root), .mode = mode, .mstatus = 0},
        model_.state().memory_map(), tables_.guest);
  }
  std::string explain(const events::TranslationRecord& walk, std::optional<HostLookup> host = {}) {
    return explanation_text(
        explain_translation(walk, {.mode = VirtualMode::supervisor,
                                   .memory_map = &model_.state().memory_map(),
                                   .host_entry = std::move(host),
                                   .host_kind = events::PageTableKind::shadow}));
  }

  InspectorModel model_;
  PageTableSnapshot tables_;
};

TEST_F(RecordedTranslation, WalksAKernelPageStepByStep) {
  const auto walk = translate(0x80200010, VirtualMode::supervisor, layout::kernel_root);
  EXPECT_EQ(walk.outcome, events::WalkOutcome::translated);
  EXPECT_EQ(walk.gpa, 0x80200010u);
  EXPECT_EQ(walk.hpa, layout::hpa_of(0x80200010));
  EXPECT_EQ(walk.step_count, 3);
  const std::string text = explain(walk);
  EXPECT_NE(text.find("MODE Sv39 | ASID 0 | PPN 0x80400\n  ->  root table at gpa 0x80400000"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("VPN[2] 2 | VPN[1] 1 | VPN[0] 0 | offset 0x10"), std::string::npos) << text;
  EXPECT_NE(text.find("Level 2: PTE address = table 0x80400000 + VPN[2] 2 x 8 = 0x80400010"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("pointer to the next table at gpa 0x80401000"), std::string::npos) << text;
  EXPECT_NE(text.find("leaf: a 4 KiB page at gpa 0x80200000"), std::string::npos) << text;
  EXPECT_NE(text.find("->  hpa 0x100200010"), std::string::npos) << text;
}

TEST_F(RecordedTranslation, ExplainsASuperpage) {
  const auto walk = translate(0x80001234, VirtualMode::supervisor, layout::kernel_root);
  EXPECT_EQ(walk.leaf_level, 1);
  EXPECT_NE(explain(walk).find("gpa = page 0x80000000 + offset 0x1234 = 0x80001234 (2 MiB "
                               "superpage)"),
            std::string::npos)
      << explain(walk);
}

TEST_F(RecordedTranslation, SaysWhichLevelAndRuleFailed) {
  const auto unmapped = translate(0x40000000, VirtualMode::supervisor, layout::kernel_root);
  EXPECT_EQ(unmapped.outcome, events::WalkOutcome::page_fault);
  EXPECT_EQ(static_cast<mmu::WalkRule>(unmapped.failed_rule), mmu::WalkRule::invalid_pte);
  std::string text = explain(unmapped);
  EXPECT_NE(text.find("FAILS at level 2: PTE not valid"), std::string::npos) << text;
  EXPECT_NE(text.find("The PTE's V bit is 0"), std::string::npos) << text;
  EXPECT_NE(text.find("load page fault (cause 13) with tval = 0x40000000"), std::string::npos);

  const auto kernel_from_user =
      translate(0x80200000, VirtualMode::user, layout::user_root(0), events::AccessKind::fetch);
  EXPECT_EQ(static_cast<mmu::WalkRule>(kernel_from_user.failed_rule),
            mmu::WalkRule::supervisor_page_in_user);
  text = explain(kernel_from_user);
  EXPECT_NE(text.find("U-mode touched a page with U=0"), std::string::npos) << text;
  EXPECT_NE(text.find("instruction page fault (cause 12)"), std::string::npos) << text;
}

TEST_F(RecordedTranslation, ShowsTheShadowEntryInUse) {
  const auto walk = translate(0x80001234, VirtualMode::supervisor, layout::user_root(0));
  ASSERT_EQ(walk.outcome, events::WalkOutcome::translated);
  const HostLookup host = lookup_in_table(tables_.host, layout::shadow_root(0), walk.gva);
  ASSERT_TRUE(host.leaf.has_value());
  const std::string text = explain(walk, host);
  EXPECT_NE(text.find("Shadow entry at 0x140003000 (level 1)"), std::string::npos) << text;
  EXPECT_NE(text.find("->  hpa 0x100001234"), std::string::npos) << text;
}

TEST_F(RecordedTranslation, BareSatpMeansNoTables) {
  auto walk = translate_recorded({.gva = 0x80000000, .satp = 0, .mode = VirtualMode::supervisor},
                                 model_.state().memory_map(), tables_.guest);
  EXPECT_EQ(walk.gpa, 0x80000000u);
  EXPECT_NE(explain(walk).find("No page tables"), std::string::npos);
}

}  // namespace
}  // namespace gh::inspector
