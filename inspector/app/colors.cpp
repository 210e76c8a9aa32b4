#include "colors.hpp"

#include <cstdio>

namespace gh::inspector {

using events::VirtualMode;

ImVec4 mode_color(VirtualMode mode) {
  switch (mode) {
    case VirtualMode::machine:
      return {0.86f, 0.27f, 0.27f, 1.0f};
    case VirtualMode::supervisor:
      return {0.26f, 0.52f, 0.96f, 1.0f};
    case VirtualMode::user:
      return {0.30f, 0.75f, 0.40f, 1.0f};
    case VirtualMode::virtual_supervisor:
      return {0.62f, 0.40f, 0.92f, 1.0f};
    case VirtualMode::virtual_user:
      return {0.20f, 0.75f, 0.72f, 1.0f};
  }
  return {0.5f, 0.5f, 0.5f, 1.0f};
}

ImU32 mode_color_u32(VirtualMode mode) { return ImGui::ColorConvertFloat4ToU32(mode_color(mode)); }

ImVec4 role_color(TextRole role) {
  switch (role) {
    case TextRole::gva:
      return {1.0f, 0.85f, 0.35f, 1.0f};  // amber
    case TextRole::gpa:
      return {0.45f, 0.92f, 0.55f, 1.0f};  // green
    case TextRole::hpa:
      return {0.95f, 0.55f, 0.95f, 1.0f};  // magenta
    case TextRole::good:
      return {0.55f, 0.85f, 1.0f, 1.0f};
    case TextRole::bad:
      return {1.0f, 0.4f, 0.4f, 1.0f};
    case TextRole::heading:
      return {1.0f, 1.0f, 1.0f, 1.0f};
    case TextRole::plain:
      break;
  }
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

void colored_span(const std::string& text, TextRole role, bool same_line) {
  if (same_line) ImGui::SameLine(0, 0);
  ImGui::PushStyleColor(ImGuiCol_Text, role_color(role));
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
}

void address_text(TextRole role, uint64_t value, bool same_line) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  colored_span(text, role, same_line);
}

void section_heading(const char* text) {
  ImGui::Separator();
  ImGui::PushStyleColor(ImGuiCol_Text, role_color(TextRole::heading));
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

void draw_explanation_line(const ExplanationLine& line) {
  const float indent = static_cast<float>(line.indent) * ImGui::GetFontSize() * 1.2f;
  if (indent > 0) ImGui::Indent(indent);
  bool first = true;
  for (const TextSpan& span : line.spans) {
    colored_span(span.text, span.role, !first);
    first = false;
  }
  if (indent > 0) ImGui::Unindent(indent);
}

}  // namespace gh::inspector
