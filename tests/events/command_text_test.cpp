// The --send command language.
#include "command_text.hpp"

#include <gtest/gtest.h>

namespace gh::model {
namespace {

using namespace events;

TEST(CommandText, AFilterSelectsClassesVcpusAndARange) {
  ParsedCommand parsed =
      parse_command("filter classes=trap,guest-pt vcpus=0,2 range=0x1000-0x2000");
  ASSERT_EQ(parsed.error, "");
  auto filter = std::get<SetFilterCommand>(parsed.command);
  EXPECT_EQ(filter.class_mask, event_class::trap | event_class::guest_page_table);
  EXPECT_EQ(filter.vcpu_mask, 0b101u);
  EXPECT_EQ(filter.address_begin, 0x1000u);
  EXPECT_EQ(filter.address_end, 0x2000u);
  EXPECT_EQ(parsed.vcpu, all_vcpus);
}

TEST(CommandText, ABareFilterLetsEverythingThrough) {
  auto filter = std::get<SetFilterCommand>(parse_command("filter").command);
  EXPECT_EQ(filter.class_mask, event_class::all);
  EXPECT_EQ(filter.vcpu_mask, ~uint64_t{0});
  EXPECT_EQ(filter.address_end, 0u);
}

TEST(CommandText, TranslateAndSnapshotsNameTheirVcpu) {
  ParsedCommand translate = parse_command("translate vcpu=1 gva=0x80001234 access=store");
  ASSERT_EQ(translate.error, "");
  EXPECT_EQ(translate.vcpu, 1);
  EXPECT_EQ(std::get<RequestTranslationCommand>(translate.command).gva, 0x80001234u);
  EXPECT_EQ(std::get<RequestTranslationCommand>(translate.command).access, AccessKind::store);

  ParsedCommand pt = parse_command("snapshot-pt vcpu=0 table=shadow");
  ASSERT_EQ(pt.error, "");
  EXPECT_EQ(std::get<RequestPageTableCommand>(pt.command).table, PageTableKind::shadow);
  EXPECT_TRUE(std::holds_alternative<RequestVcpuStateCommand>(
      parse_command("snapshot-vcpu vcpu=3").command));
  EXPECT_TRUE(
      std::holds_alternative<RequestMemoryMapCommand>(parse_command("snapshot-map").command));
}

TEST(CommandText, MistakesAreExplained) {
  EXPECT_NE(parse_command("launch").error.find("unknown command 'launch'"), std::string::npos);
  EXPECT_NE(parse_command("translate gva=0x10").error.find("missing vcpu="), std::string::npos);
  EXPECT_NE(parse_command("translate vcpu=0 gva=zz").error.find("bad number"), std::string::npos);
  EXPECT_NE(parse_command("filter classes=traps").error.find("unknown event class 'traps'"),
            std::string::npos);
  EXPECT_NE(parse_command("filter range=0x2000-0x1000").error.find("bad range"), std::string::npos);
  EXPECT_NE(parse_command("snapshot-map vcpu=1").error.find("unknown option vcpu="),
            std::string::npos);
  EXPECT_NE(parse_command("").error, "");
}

}  // namespace
}  // namespace gh::model
