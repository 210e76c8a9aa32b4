#include "software_rasterizer.hpp"

#include <algorithm>
#include <cmath>

namespace gh::inspector {

namespace {

// ImGui's colours are ABGR (red in the low byte); the frame is ARGB.
uint32_t to_argb(ImU32 abgr) {
  return (abgr & 0xFF00FF00u) | ((abgr & 0xFFu) << 16) | ((abgr >> 16) & 0xFFu);
}

uint32_t with_alpha(uint32_t argb, uint32_t alpha) {
  return (argb & 0x00FFFFFFu) | (((argb >> 24) * alpha / 255) << 24);
}

// dst * (1 - a) + src * a, red and blue in one multiply, green in another.
uint32_t blend(uint32_t dst, uint32_t src) {
  const uint32_t alpha = src >> 24;
  const uint32_t a = alpha + (alpha >> 7);  // 0..256
  const uint32_t rb = ((src & 0xFF00FFu) * a + (dst & 0xFF00FFu) * (256 - a)) >> 8;
  const uint32_t g = ((src & 0x00FF00u) * a + (dst & 0x00FF00u) * (256 - a)) >> 8;
  return 0xFF000000u | (rb & 0xFF00FFu) | (g & 0x00FF00u);
}

// The first pixel whose centre is at or after `edge`, give or take 1/256 of a pixel: ImGui's
// line corners come from an approximate normalisation (29.5001 for 29.5).
int first_pixel(float edge) { return static_cast<int>(std::ceil(edge - 0.5f - 1.0f / 256)); }

bool same_uv(const ImVec2& a, const ImVec2& b) { return a.x == b.x && a.y == b.y; }

// Four corners (v0 v1 v2), (v0 v2 v3) whose sides alternate horizontal and vertical.
bool is_axis_aligned_quad(const ImDrawVert* q[4]) {
  bool horizontal_first = true;
  bool vertical_first = true;
  for (int i = 0; i < 4; ++i) {
    const ImVec2& p = q[i]->pos;
    const ImVec2& n = q[(i + 1) % 4]->pos;
    const bool even = i % 2 == 0;
    horizontal_first = horizontal_first && (even ? p.y == n.y : p.x == n.x);
    vertical_first = vertical_first && (even ? p.x == n.x : p.y == n.y);
  }
  return horizontal_first || vertical_first;
}

}  // namespace

void SoftwareRasterizer::load_font_atlas() {
  ImGuiIO& io = ImGui::GetIO();
  unsigned char* alpha = nullptr;
  io.Fonts->GetTexDataAsAlpha8(&alpha, &atlas_width_, &atlas_height_);
  atlas_.assign(alpha, alpha + static_cast<size_t>(atlas_width_) * atlas_height_);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
  io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
}

uint32_t SoftwareRasterizer::atlas_alpha(float u, float v) const {
  const int x =
      std::clamp(static_cast<int>(u * static_cast<float>(atlas_width_)), 0, atlas_width_ - 1);
  const int y =
      std::clamp(static_cast<int>(v * static_cast<float>(atlas_height_)), 0, atlas_height_ - 1);
  return atlas_[static_cast<size_t>(y) * static_cast<size_t>(atlas_width_) + x];
}

// Assumes one viewport at (0,0), scale 1: the inspector's single SDL window.
void SoftwareRasterizer::draw(const ImDrawData& data, int width, int height, uint32_t background) {
  width_ = width;
  height_ = height;
  pixels_.assign(static_cast<size_t>(width) * static_cast<size_t>(height), background);
  for (int n = 0; n < data.CmdListsCount; ++n) {
    const ImDrawList& list = *data.CmdLists[n];
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      if (cmd.UserCallback) continue;  // the inspector sets none
      const Area clip{std::max(0, static_cast<int>(cmd.ClipRect.x - data.DisplayPos.x)),
                      std::max(0, static_cast<int>(cmd.ClipRect.y - data.DisplayPos.y)),
                      std::min(width, static_cast<int>(cmd.ClipRect.z - data.DisplayPos.x)),
                      std::min(height, static_cast<int>(cmd.ClipRect.w - data.DisplayPos.y))};
      if (clip.x1 <= clip.x0 || clip.y1 <= clip.y0) continue;
      draw_command(list.VtxBuffer.Data + cmd.VtxOffset, list.IdxBuffer.Data + cmd.IdxOffset,
                   cmd.ElemCount, clip);
    }
  }
}

void SoftwareRasterizer::draw_command(const ImDrawVert* vertices, const ImDrawIdx* indices,
                                      unsigned count, const Area& clip) {
  for (unsigned i = 0; i + 3 <= count;) {
    if (i + 6 <= count && draw_rectangle(vertices, indices + i, clip)) {
      i += 6;
      continue;
    }
    draw_triangle(vertices[indices[i]], vertices[indices[i + 1]], vertices[indices[i + 2]], clip);
    i += 3;
  }
}

// ImGui's rectangles: PrimRect / PrimRectUV, (tl, tr, br), (tl, br, bl), with UVs along the
// axes (glyphs); and straight lines, whose corners start elsewhere, with one UV.
bool SoftwareRasterizer::draw_rectangle(const ImDrawVert* vertices, const ImDrawIdx* six,
                                        const Area& clip) {
  if (six[0] != six[3] || six[2] != six[4]) return false;
  const ImDrawVert* q[4] = {&vertices[six[0]], &vertices[six[1]], &vertices[six[2]],
                            &vertices[six[5]]};
  const ImU32 col = q[0]->col;
  if (q[1]->col != col || q[2]->col != col || q[3]->col != col || !is_axis_aligned_quad(q)) {
    return false;
  }
  const bool one_uv =
      same_uv(q[0]->uv, q[1]->uv) && same_uv(q[0]->uv, q[2]->uv) && same_uv(q[0]->uv, q[3]->uv);
  const ImDrawVert& tl = *q[0];
  const ImDrawVert& br = *q[2];
  const bool glyph_like = tl.pos.x < br.pos.x && tl.pos.y < br.pos.y && tl.uv.y == q[1]->uv.y &&
                          q[1]->uv.x == br.uv.x && tl.pos.y == q[1]->pos.y;
  if (!one_uv && !glyph_like) return false;
  const float left = std::min({q[0]->pos.x, q[1]->pos.x, q[2]->pos.x});
  const float right = std::max({q[0]->pos.x, q[1]->pos.x, q[2]->pos.x});
  const float top = std::min({q[0]->pos.y, q[1]->pos.y, q[2]->pos.y});
  const float bottom = std::max({q[0]->pos.y, q[1]->pos.y, q[2]->pos.y});
  const Area area{std::max(clip.x0, first_pixel(left)), std::max(clip.y0, first_pixel(top)),
                  std::min(clip.x1, first_pixel(right)), std::min(clip.y1, first_pixel(bottom))};
  if (area.x1 <= area.x0 || area.y1 <= area.y0) return true;
  if (one_uv) {
    fill(area, with_alpha(to_argb(col), atlas_alpha(tl.uv.x, tl.uv.y)));
  } else {
    fill_textured(area, tl, br);
  }
  return true;
}

void SoftwareRasterizer::fill(const Area& area, uint32_t color) {
  const uint32_t alpha = color >> 24;
  if (alpha == 0) return;
  for (int y = area.y0; y < area.y1; ++y) {
    uint32_t* row = pixels_.data() + static_cast<size_t>(y) * static_cast<size_t>(width_);
    if (alpha == 255) {
      std::fill(row + area.x0, row + area.x1, color);
      continue;
    }
    for (int x = area.x0; x < area.x1; ++x) row[x] = blend(row[x], color);
  }
}

// A glyph (or any image from the atlas) stretched over the rectangle, nearest texel.
void SoftwareRasterizer::fill_textured(const Area& area, const ImDrawVert& tl,
                                       const ImDrawVert& br) {
  const uint32_t color = to_argb(tl.col);
  const float du = (br.uv.x - tl.uv.x) / (br.pos.x - tl.pos.x);
  const float dv = (br.uv.y - tl.uv.y) / (br.pos.y - tl.pos.y);
  for (int y = area.y0; y < area.y1; ++y) {
    const float v = tl.uv.y + (static_cast<float>(y) + 0.5f - tl.pos.y) * dv;
    uint32_t* row = pixels_.data() + static_cast<size_t>(y) * static_cast<size_t>(width_);
    for (int x = area.x0; x < area.x1; ++x) {
      const float u = tl.uv.x + (static_cast<float>(x) + 0.5f - tl.pos.x) * du;
      const uint32_t alpha = atlas_alpha(u, v);
      if (alpha != 0) row[x] = blend(row[x], with_alpha(color, alpha));
    }
  }
}

// Row by row: the pixels whose centres lie between the two edges the row's centre crosses.
void SoftwareRasterizer::draw_triangle(const ImDrawVert& a, const ImDrawVert& b,
                                       const ImDrawVert& c, const Area& clip) {
  const ImVec2 corners[3] = {a.pos, b.pos, c.pos};
  const float top = std::min({a.pos.y, b.pos.y, c.pos.y});
  const float bottom = std::max({a.pos.y, b.pos.y, c.pos.y});
  const bool flat = a.col == b.col && a.col == c.col && same_uv(a.uv, b.uv) && same_uv(a.uv, c.uv);
  const uint32_t flat_color = with_alpha(to_argb(a.col), atlas_alpha(a.uv.x, a.uv.y));
  const int y1 = std::min(clip.y1, first_pixel(bottom));
  for (int y = std::max(clip.y0, first_pixel(top)); y < y1; ++y) {
    const float centre = static_cast<float>(y) + 0.5f;
    float left = 1e30f;
    float right = -1e30f;
    for (int e = 0; e < 3; ++e) {
      const ImVec2& p = corners[e];
      const ImVec2& q = corners[(e + 1) % 3];
      if ((centre < p.y) == (centre < q.y)) continue;  // the row does not cross this edge
      const float x = p.x + (centre - p.y) * (q.x - p.x) / (q.y - p.y);
      left = std::min(left, x);
      right = std::max(right, x);
    }
    const int x0 = std::max(clip.x0, first_pixel(left));
    const int x1 = std::min(clip.x1, first_pixel(right));
    if (x1 <= x0) continue;
    if (flat) {
      fill({x0, y, x1, y + 1}, flat_color);
    } else {
      draw_span(y, x0, x1, a, b, c);
    }
  }
}

// Colours and UVs interpolated (barycentric) at each pixel centre.
void SoftwareRasterizer::draw_span(int y, int x0, int x1, const ImDrawVert& a, const ImDrawVert& b,
                                   const ImDrawVert& c) {
  const float det =
      (b.pos.y - c.pos.y) * (a.pos.x - c.pos.x) + (c.pos.x - b.pos.x) * (a.pos.y - c.pos.y);
  if (det == 0) return;
  const float py = static_cast<float>(y) + 0.5f - c.pos.y;
  uint32_t* row = pixels_.data() + static_cast<size_t>(y) * static_cast<size_t>(width_);
  for (int x = x0; x < x1; ++x) {
    const float px = static_cast<float>(x) + 0.5f - c.pos.x;
    const float la = ((b.pos.y - c.pos.y) * px + (c.pos.x - b.pos.x) * py) / det;
    const float lb = ((c.pos.y - a.pos.y) * px + (a.pos.x - c.pos.x) * py) / det;
    const float lc = 1.0f - la - lb;
    uint32_t abgr = 0;
    for (int shift = 0; shift < 32; shift += 8) {
      const float channel = la * static_cast<float>((a.col >> shift) & 0xFF) +
                            lb * static_cast<float>((b.col >> shift) & 0xFF) +
                            lc * static_cast<float>((c.col >> shift) & 0xFF);
      abgr |= static_cast<uint32_t>(std::clamp(channel + 0.5f, 0.0f, 255.0f)) << shift;
    }
    const float u = la * a.uv.x + lb * b.uv.x + lc * c.uv.x;
    const float v = la * a.uv.y + lb * b.uv.y + lc * c.uv.y;
    row[x] = blend(row[x], with_alpha(to_argb(abgr), atlas_alpha(u, v)));
  }
}

}  // namespace gh::inspector
