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

TEST(InspectorOptions, ActionsAreParsedInOrder) {
  const auto parsed = parse_inspector_options(
      {"--actions",
       "click:vCPUs/vCPU 1; type:host:port=127.0.0.1:5555 ;click:lanes@0.25,1;"
       "key:return; wait:0.5; report:/tmp/r.json"});
  ASSERT_TRUE(parsed.options) << parsed.error;
  const auto& a = parsed.options->actions;
  ASSERT_EQ(a.size(), 6u);
  EXPECT_EQ(a[0].kind, UiActionKind::click);
  EXPECT_EQ(a[0].target, "vCPUs/vCPU 1");
  EXPECT_EQ(a[1].kind, UiActionKind::type);
  EXPECT_EQ(a[1].target, "host:port");
  EXPECT_EQ(a[1].text, "127.0.0.1:5555") << "spaces around an action are not typed";
  EXPECT_EQ(a[2].target, "lanes");
  EXPECT_FLOAT_EQ(a[2].fx, 0.25f);
  EXPECT_FLOAT_EQ(a[2].fy, 1.0f);
  EXPECT_EQ(a[3].kind, UiActionKind::key);
  EXPECT_DOUBLE_EQ(a[4].seconds, 0.5);
  EXPECT_EQ(a[5].target, "/tmp/r.json");
}

TEST(InspectorOptions, BadActionsSayWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {
      {"click:Open; jump:x", "action 2: unknown action 'jump' (click, type, key, wait, report)"},
      {"type:gva", "action 1: type needs WIDGET=TEXT"},
      {"click:lanes@2,0", "action 1: click position '2,0' is not FX,FY with fractions 0..1"},
      {"key:f12", "action 1: unknown key 'f12'"},
      {"wait:soon", "action 1: wait needs seconds (0..600), got 'soon'"},
      {"click:", "action 1: 'click:' names nothing"},
      {" ; ", "no actions"}};
  for (const auto& [script, error] : cases) {
    EXPECT_EQ(parse_inspector_options({"--actions", script}).error,
              std::string("--actions: ") + error);
  }
}

}  // namespace
}  // namespace gh::inspector
