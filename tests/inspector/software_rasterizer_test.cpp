// The CPU rasterizer of ImGui's draw data: rectangles filled and blended over the
// background, clipping, a triangle's pixel centres, glyph rectangles from the atlas.
#include "software_rasterizer.hpp"

#include <gtest/gtest.h>

namespace gh::inspector {
namespace {

constexpr int width = 64;
constexpr int height = 32;
constexpr uint32_t background = 0xFF000000;  // ARGB black

class SoftwareRasterizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGui::GetIO().DisplaySize = {width, height};
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::GetStyle().AntiAliasedLines = false;  // as the inspector's theme
    ImGui::GetStyle().AntiAliasedFill = false;
    rasterizer_.load_font_atlas();
    ImGui::NewFrame();  // the draw lists' font and white-pixel UV
    list_ = std::make_unique<ImDrawList>(ImGui::GetDrawListSharedData());
    list_->_ResetForNewFrame();
    list_->PushClipRect({0, 0}, {width, height});
    list_->PushTextureID(ImGui::GetIO().Fonts->TexID);
  }
  void TearDown() override {
    list_.reset();
    ImGui::EndFrame();
    ImGui::DestroyContext();
  }
  void draw() {
    ImDrawList* lists[] = {list_.get()};
    ImDrawData data;
    data.Valid = true;
    data.CmdLists = lists;
    data.CmdListsCount = 1;
    data.DisplaySize = {width, height};
    data.FramebufferScale = {1, 1};
    rasterizer_.draw(data, width, height, background);
  }
  [[nodiscard]] uint32_t at(int x, int y) const {
    return rasterizer_.pixels()[static_cast<size_t>(y) * width + x];
  }

  SoftwareRasterizer rasterizer_;
  std::unique_ptr<ImDrawList> list_;
};

TEST_F(SoftwareRasterizerTest, FillsARectangleOverItsPixelCentres) {
  list_->AddRectFilled({2, 3}, {6, 5}, IM_COL32(255, 0, 0, 255));
  draw();
  EXPECT_EQ(at(2, 3), 0xFFFF0000u) << "red, as ARGB";
  EXPECT_EQ(at(5, 4), 0xFFFF0000u);
  EXPECT_EQ(at(6, 4), background) << "the right edge is excluded";
  EXPECT_EQ(at(2, 5), background) << "the bottom edge is excluded";
  EXPECT_EQ(at(1, 3), background);
}

TEST_F(SoftwareRasterizerTest, BlendsByAlpha) {
  list_->AddRectFilled({0, 0}, {8, 8}, IM_COL32(0, 0, 200, 255));
  list_->AddRectFilled({0, 0}, {4, 4}, IM_COL32(200, 0, 0, 128));
  draw();
  const uint32_t mixed = at(1, 1);
  EXPECT_NEAR(static_cast<int>((mixed >> 16) & 0xFF), 100, 1) << std::hex << mixed;
  EXPECT_NEAR(static_cast<int>(mixed & 0xFF), 100, 1) << std::hex << mixed;
  EXPECT_EQ(at(5, 5), 0xFF0000C8u) << "blue where nothing is blended over it";
}

TEST_F(SoftwareRasterizerTest, ClipsToTheCommandsClipRectangle) {
  list_->PushClipRect({0, 0}, {3, 3});
  list_->AddRectFilled({0, 0}, {10, 10}, IM_COL32(0, 255, 0, 255));
  list_->PopClipRect();
  draw();
  EXPECT_EQ(at(2, 2), 0xFF00FF00u);
  EXPECT_EQ(at(3, 2), background);
  EXPECT_EQ(at(2, 3), background);
}

TEST_F(SoftwareRasterizerTest, FillsATriangleAndALine) {
  list_->AddTriangleFilled({0, 0}, {20, 0}, {0, 20}, IM_COL32(255, 255, 255, 255));
  list_->AddLine({30, 2}, {30, 12}, IM_COL32(255, 0, 0, 255), 2.0f);
  draw();
  EXPECT_EQ(at(1, 1), 0xFFFFFFFFu);
  EXPECT_EQ(at(9, 9), 0xFFFFFFFFu) << "centre (9.5, 9.5) is inside x + y < 20";
  EXPECT_EQ(at(10, 10), background) << "centre (10.5, 10.5) is outside";
  EXPECT_EQ(at(29, 6), 0xFFFF0000u) << "a 2-pixel vertical line at x 29..31";
  EXPECT_EQ(at(30, 6), 0xFFFF0000u);
  EXPECT_EQ(at(31, 6), background);
}

TEST_F(SoftwareRasterizerTest, DrawsGlyphsFromTheAtlas) {
  list_->AddText({0, 0}, IM_COL32(255, 255, 255, 255), "#");
  draw();
  int lit = 0;
  for (int y = 0; y < 16; ++y) {
    for (int x = 0; x < 10; ++x) lit += at(x, y) != background;
  }
  EXPECT_GT(lit, 10) << "the glyph's pixels";
  EXPECT_LT(lit, 120) << "not its whole rectangle";
}

}  // namespace
}  // namespace gh::inspector
