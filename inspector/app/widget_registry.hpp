// Where each interactive widget was drawn in the last frame, by name, so --actions can
// move the mouse onto it. Panels call note() right after the ImGui call that drew the
// widget; only the visible part of an item on screen is kept.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

namespace gh::inspector {

struct WidgetRect {
  std::string name;  // "Panel title/label"
  ImVec2 min;
  ImVec2 max;
};

class WidgetRegistry {
 public:
  void begin_frame() { drawn_.clear(); }
  void begin_panel(const std::string& title) { panel_ = title; }
  // Records the last ImGui item under `label` (the part after "##" is dropped).
  void note(const std::string& label);

  struct Found {
    const WidgetRect* widget = nullptr;
    std::string error;  // when widget is null: unknown or ambiguous, and what there is
  };
  // "label", "Panel/label", or either ending in '*' (the first drawn that starts so).
  [[nodiscard]] Found find(const std::string& query) const;

 private:
  [[nodiscard]] std::vector<const WidgetRect*> matching(const std::string& query) const;
  [[nodiscard]] std::string known_names() const;

  std::string panel_;
  std::vector<WidgetRect> drawn_;  // this frame's (between frames: what is on screen)
};

// ImGui calls that note their widget (the label names it; text fields by their hint).
bool noted_button(WidgetRegistry& widgets, const char* label);
bool noted_checkbox(WidgetRegistry& widgets, const char* label, bool* value);
bool noted_input(WidgetRegistry& widgets, const char* id, const char* hint, char* text, size_t size,
                 ImGuiInputTextFlags flags = 0);

}  // namespace gh::inspector
