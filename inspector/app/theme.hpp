// Fonts and styles: the normal theme and the large-font presenter theme for lectures.
// Both fonts are baked at start-up, so switching is instant.
#pragma once

#include <imgui.h>

namespace gh::inspector {

struct Fonts {
  ImFont* normal = nullptr;
  ImFont* large = nullptr;
};

// DejaVu Sans Mono when installed (fonts-dejavu-core), else ImGui's built-in font.
Fonts load_fonts();
void apply_theme(bool presenter, const Fonts& fonts);

}  // namespace gh::inspector
