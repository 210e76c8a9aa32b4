// One palette for every panel: a colour per virtual mode, and gva / gpa / hpa always in
// the same three colours, so an address's kind reads at a glance.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string>

#include "events/wire_format.hpp"
#include "translation_explainer.hpp"

namespace gh::inspector {

ImVec4 mode_color(events::VirtualMode mode);
ImU32 mode_color_u32(events::VirtualMode mode);
ImVec4 role_color(TextRole role);

// Colored text on the current line (follows the previous item with SameLine(0, 0)).
void colored_span(const std::string& text, TextRole role, bool same_line = true);
// An address in its role's colour, e.g. address_text(TextRole::gpa, 0x80000000).
void address_text(TextRole role, uint64_t value, bool same_line = true);
// A separator followed by a heading.
void section_heading(const char* text);
// An explanation line: its spans in their colours, indented.
void draw_explanation_line(const ExplanationLine& line);

namespace palette {
inline const ImVec4 changed{1.0f, 0.78f, 0.25f, 1.0f};  // changed since the last fence
inline const ImVec4 muted{0.6f, 0.6f, 0.65f, 1.0f};
inline const ImVec4 problem{1.0f, 0.4f, 0.4f, 1.0f};
constexpr ImU32 satp_rule = IM_COL32(255, 150, 40, 255);
constexpr ImU32 sfence_rule = IM_COL32(90, 220, 255, 200);
constexpr ImU32 cursor = IM_COL32(255, 255, 255, 255);
constexpr ImU32 trap_mark = IM_COL32(250, 250, 250, 170);
constexpr ImU32 lane_background = IM_COL32(40, 40, 48, 255);
}  // namespace palette

}  // namespace gh::inspector
