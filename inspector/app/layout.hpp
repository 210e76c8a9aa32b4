// The preset layouts (Dear ImGui 1.86 has no docking): where each panel goes, as a
// function of the window size.
#pragma once

#include "inspector_options.hpp"
#include "panel.hpp"

namespace gh::inspector {

enum class PanelId : uint8_t {
  controls,
  vcpus,
  trap_log,
  timeline,
  page_tables,
  translation,
  memory_map,
  count
};

PanelRect panel_rect(LayoutPreset layout, PanelId panel, ImVec2 display, float controls_height);

}  // namespace gh::inspector
