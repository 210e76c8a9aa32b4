#include "layout.hpp"

namespace gh::inspector {

namespace {

// A rectangle in fractions of the area below the controls.
struct Fraction {
  float x, y, w, h;
};

Fraction overview(PanelId panel) {
  switch (panel) {
    case PanelId::timeline:
      return {0.0f, 0.0f, 1.0f, 0.24f};
    case PanelId::vcpus:
      return {0.0f, 0.24f, 0.38f, 0.2f};
    case PanelId::trap_log:
      return {0.0f, 0.44f, 0.38f, 0.56f};
    case PanelId::page_tables:
      return {0.38f, 0.24f, 0.3f, 0.76f};
    case PanelId::translation:
      return {0.68f, 0.24f, 0.32f, 0.5f};
    case PanelId::memory_map:
      return {0.68f, 0.74f, 0.32f, 0.26f};
    default:
      return {0, 0, 0, 0};
  }
}

Fraction paging(PanelId panel) {
  switch (panel) {
    case PanelId::timeline:
      return {0.0f, 0.0f, 1.0f, 0.22f};
    case PanelId::page_tables:
      return {0.0f, 0.22f, 0.5f, 0.78f};
    case PanelId::translation:
      return {0.5f, 0.22f, 0.5f, 0.53f};
    case PanelId::memory_map:
      return {0.5f, 0.75f, 0.5f, 0.25f};
    default:
      return {0, 0, 0, 0};
  }
}

Fraction traps(PanelId panel) {
  switch (panel) {
    case PanelId::timeline:
      return {0.0f, 0.0f, 1.0f, 0.3f};
    case PanelId::vcpus:
      return {0.0f, 0.3f, 1.0f, 0.18f};
    case PanelId::trap_log:
      return {0.0f, 0.48f, 1.0f, 0.52f};
    default:
      return {0, 0, 0, 0};
  }
}

}  // namespace

PanelRect panel_rect(LayoutPreset layout, PanelId panel, ImVec2 display, float controls_height) {
  if (panel == PanelId::controls) return {{0, 0}, {display.x, controls_height}};
  Fraction f{};
  switch (layout) {
    case LayoutPreset::overview:
      f = overview(panel);
      break;
    case LayoutPreset::paging:
      f = paging(panel);
      break;
    case LayoutPreset::traps:
      f = traps(panel);
      break;
  }
  const float area_height = display.y - controls_height;
  return {{f.x * display.x, controls_height + f.y * area_height},
          {f.w * display.x, f.h * area_height}};
}

}  // namespace gh::inspector
