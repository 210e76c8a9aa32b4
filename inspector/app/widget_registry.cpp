#include "widget_registry.hpp"

#include <algorithm>

namespace gh::inspector {

namespace {

bool matches(const std::string& name, const std::string& query) {
  if (!query.empty() && query.back() == '*') {
    return name.compare(0, query.size() - 1, query, 0, query.size() - 1) == 0;
  }
  return name == query;
}

std::string short_name(const std::string& name) { return name.substr(name.find('/') + 1); }

}  // namespace

void WidgetRegistry::note(const std::string& label) {
  if (!ImGui::IsItemVisible()) return;
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const ImVec2 clip_min = draw.GetClipRectMin();
  const ImVec2 clip_max = draw.GetClipRectMax();
  const ImVec2 item_min = ImGui::GetItemRectMin();
  const ImVec2 item_max = ImGui::GetItemRectMax();
  const ImVec2 min{std::max(item_min.x, clip_min.x), std::max(item_min.y, clip_min.y)};
  const ImVec2 max{std::min(item_max.x, clip_max.x), std::min(item_max.y, clip_max.y)};
  if (max.x - min.x < 1 || max.y - min.y < 1) return;
  drawn_.push_back({panel_ + "/" + label.substr(0, label.find("##")), min, max});
}

std::vector<const WidgetRect*> WidgetRegistry::matching(const std::string& query) const {
  const bool qualified = query.find('/') != std::string::npos;
  std::vector<const WidgetRect*> found;
  for (const WidgetRect& widget : drawn_) {
    if (matches(qualified ? widget.name : short_name(widget.name), query)) found.push_back(&widget);
  }
  return found;
}

std::string WidgetRegistry::known_names() const {
  std::string names;
  for (const WidgetRect& widget : drawn_) {
    if (names.size() > 1500) return names + ", ...";
    names += (names.empty() ? "" : ", ") + ("\"" + widget.name + "\"");
  }
  return names;
}

WidgetRegistry::Found WidgetRegistry::find(const std::string& query) const {
  const auto found = matching(query);
  if (found.empty()) {
    return {nullptr, "no widget \"" + query + "\" on screen; there are: " + known_names()};
  }
  if (found.size() > 1 && query.back() != '*') {
    std::string names;
    for (const WidgetRect* widget : found) names += " \"" + widget->name + "\"";
    return {nullptr, "\"" + query + "\" is ambiguous:" + names + " (write Panel/label)"};
  }
  return {found.front(), ""};
}

bool noted_button(WidgetRegistry& widgets, const char* label) {
  const bool pressed = ImGui::Button(label);
  widgets.note(label);
  return pressed;
}

bool noted_checkbox(WidgetRegistry& widgets, const char* label, bool* value) {
  const bool changed = ImGui::Checkbox(label, value);
  widgets.note(label);
  return changed;
}

bool noted_input(WidgetRegistry& widgets, const char* id, const char* hint, char* text, size_t size,
                 ImGuiInputTextFlags flags) {
  const bool changed = ImGui::InputTextWithHint(id, hint, text, size, flags);
  widgets.note(id[0] == '#' && id[1] == '#' ? hint : id);
  return changed;
}

}  // namespace gh::inspector
