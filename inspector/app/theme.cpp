#include "theme.hpp"

#include <filesystem>

namespace gh::inspector {

namespace {

constexpr const char* mono_font = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
constexpr float normal_size = 15.0f;
constexpr float large_size = 25.0f;
constexpr float presenter_scale = 1.6f;

ImFont* load_font(float size) {
  ImGuiIO& io = ImGui::GetIO();
  if (std::filesystem::exists(mono_font)) {
    if (ImFont* font = io.Fonts->AddFontFromFileTTF(mono_font, size)) return font;
  }
  ImFontConfig config;
  config.SizePixels = size;
  return io.Fonts->AddFontDefault(&config);
}

}  // namespace

Fonts load_fonts() { return {load_font(normal_size), load_font(large_size)}; }

void apply_theme(bool presenter, const Fonts& fonts) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 3.0f;
  style.FrameRounding = 2.0f;
  style.CellPadding = {4.0f, 1.0f};
  // Anti-aliasing fringes double the triangles SDL's software renderer rasterises.
  style.AntiAliasedLines = false;
  style.AntiAliasedFill = false;
  // The panels tile the window: opaque backgrounds are filled, not blended, by the CPU.
  style.Colors[ImGuiCol_WindowBg].w = 1.0f;
  if (presenter) style.ScaleAllSizes(presenter_scale);
  ImGui::GetIO().FontDefault = presenter ? fonts.large : fonts.normal;
}

}  // namespace gh::inspector
