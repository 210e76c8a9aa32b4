// Draws Dear ImGui's draw data into a frame buffer on the CPU, for SDL's software
// renderer. SDL's own geometry path (SDL_RenderGeometry, which the SDL_Renderer backend
// uses) costs ~100 ms for a 1600x1000 frame whatever its content: each blended triangle
// is filled into a temporary surface and blitted. ImGui's geometry is mostly
// axis-aligned rectangles (window and frame backgrounds, the timeline's columns, glyphs
// 1:1 from the font atlas) and a few convex fans (rounded corners, arrows): rectangles are
// filled row by row, other triangles span by span, blending two channels per multiply.
// Pixels are ARGB8888; the font atlas is the only texture (the inspector draws no images).
#pragma once

#include <imgui.h>

#include <cstdint>
#include <vector>

namespace gh::inspector {

class SoftwareRasterizer {
 public:
  // Builds ImGui's font atlas and keeps its alpha: every textured vertex samples it.
  void load_font_atlas();
  // Clears to `background` (ARGB) and draws every command of `data`.
  void draw(const ImDrawData& data, int width, int height, uint32_t background);

  [[nodiscard]] const uint32_t* pixels() const { return pixels_.data(); }
  [[nodiscard]] int pitch() const { return width_ * 4; }

 private:
  struct Area {  // pixels [x0, x1) x [y0, y1)
    int x0, y0, x1, y1;
  };
  void draw_command(const ImDrawVert* vertices, const ImDrawIdx* indices, unsigned count,
                    const Area& clip);
  bool draw_rectangle(const ImDrawVert* vertices, const ImDrawIdx* six, const Area& clip);
  void fill(const Area& area, uint32_t color);
  void fill_textured(const Area& area, const ImDrawVert& top_left, const ImDrawVert& bottom_right);
  void draw_triangle(const ImDrawVert& a, const ImDrawVert& b, const ImDrawVert& c,
                     const Area& clip);
  void draw_span(int y, int x0, int x1, const ImDrawVert& a, const ImDrawVert& b,
                 const ImDrawVert& c);
  [[nodiscard]] uint32_t atlas_alpha(float u, float v) const;

  std::vector<uint32_t> pixels_;
  int width_ = 0;
  int height_ = 0;
  std::vector<uint8_t> atlas_;
  int atlas_width_ = 1;
  int atlas_height_ = 1;
};

}  // namespace gh::inspector
