// gh-inspector's command line.
#include "inspector_options.hpp"

#include <gtest/gtest.h>

namespace gh::inspector {
namespace {

TEST(InspectorOptions, ParsesAScreenshotOfARecording) {
  auto parsed =
      parse_inspector_options({"--open", "run.ghrec", "--screenshot", "out.png", "--size",
                               "1280x800", "--presenter", "--layout", "paging", "--translate",
                               "0x80001000", "--vcpu", "2", "--access", "store", "--select", "-1"});
  ASSERT_TRUE(parsed.options) << parsed.error;
  const InspectorOptions& o = *parsed.options;
  EXPECT_EQ(o.open_path, "run.ghrec");
  EXPECT_EQ(o.screenshot_path, "out.png");
  EXPECT_EQ(o.width, 1280);
  EXPECT_EQ(o.height, 800);
  EXPECT_TRUE(o.presenter);
  EXPECT_EQ(o.layout, LayoutPreset::paging);
  EXPECT_EQ(o.translate, 0x80001000u);
  EXPECT_EQ(o.vcpu, 2);
  EXPECT_EQ(o.access, events::AccessKind::store);
  EXPECT_EQ(o.select, -1);
}

TEST(InspectorOptions, RejectsWhatItCannotDo) {
  EXPECT_FALSE(parse_inspector_options({"--open", "a", "--connect", "h:1"}).options);
  EXPECT_FALSE(parse_inspector_options({"--size", "10x10"}).options);
  EXPECT_FALSE(parse_inspector_options({"--seconds"}).options);
  EXPECT_FALSE(parse_inspector_options({"--frobnicate"}).options);
  EXPECT_EQ(parse_inspector_options({"--layout", "docked"}).error,
            "bad value for --layout: docked");
  EXPECT_EQ(parse_inspector_options({"--keys", "n q"}).error, "bad value for --keys: n q");
  EXPECT_FALSE(parse_inspector_options({"--keys", " "}).options);
}

TEST(InspectorOptions, KeysAreKeptInOrder) {
  const auto o = parse_inspector_options({"--keys", "n  space 2 p"}).options;
  ASSERT_TRUE(o);
  EXPECT_EQ(o->keys, (std::vector<std::string>{"n", "space", "2", "p"}));
}

}  // namespace
}  // namespace gh::inspector
