#include "trap_log_panel.hpp"

#include <algorithm>
#include <cstring>

#include "colors.hpp"
#include "names.hpp"

namespace gh::inspector {

namespace {

using events::HandledBy;
using events::VirtualMode;

constexpr size_t rows_per_frame = 2'000'000;
constexpr size_t searched_rows_per_frame = 60'000;

constexpr VirtualMode all_modes[] = {VirtualMode::machine, VirtualMode::supervisor,
                                     VirtualMode::user, VirtualMode::virtual_supervisor,
                                     VirtualMode::virtual_user};
constexpr HandledBy all_handlers[] = {
    HandledBy::emulated, HandledBy::reflected,   HandledBy::sbi,    HandledBy::mmio,
    HandledBy::gdb,      HandledBy::shadow_fill, HandledBy::stopped};

// The event's text without the "vcpuN t=T " the columns already show.
std::string summary(const EventLog& log, EventIndex index) {
  std::string text = event_text(log, index);
  size_t space = text.find(' ');
  if (space != std::string::npos) space = text.find(' ', space + 1);
  return space == std::string::npos ? text : text.substr(space + 1);
}

template <typename T, typename Name>
void optional_combo(const char* label, std::optional<T>& value, const T* options, size_t count,
                    Name name, float width) {
  ImGui::SetNextItemWidth(width);
  if (!ImGui::BeginCombo(label, value ? name(*value).c_str() : "any")) return;
  if (ImGui::Selectable("any", !value)) value.reset();
  for (size_t i = 0; i < count; ++i) {
    if (ImGui::Selectable(name(options[i]).c_str(), value == options[i])) value = options[i];
  }
  ImGui::EndCombo();
}

void kind_checkbox(WidgetRegistry& widgets, const char* label, uint32_t group, uint32_t& kinds) {
  bool on = (kinds & group) != 0;
  ImGui::SameLine();
  if (noted_checkbox(widgets, label, &on)) kinds = on ? kinds | group : kinds & ~group;
}

}  // namespace

TrapLogPanel::TrapLogPanel(const std::string& search) : Panel("Trap log") {
  std::strncpy(search_.data(), search.c_str(), search_.size() - 1);
  editing_.search = search_.data();
}

void TrapLogPanel::reset() { rows_ = FilteredRows{}; }

void TrapLogPanel::draw_content(PanelContext& context) {
  draw_filter_bar(context);
  rows_.set_filter(editing_);
  const size_t budget = editing_.search.empty() ? rows_per_frame : searched_rows_per_frame;
  visible_ = context.view.visible_events;
  rows_.update(context.model.log(), visible_, budget);
  busy_ = !rows_.complete(visible_);
  draw_rows(context);
}

void TrapLogPanel::draw_filter_bar(PanelContext& context) {
  const model::SessionState& state = context.model.state();
  const float width = ImGui::GetFontSize() * 6;
  std::vector<uint16_t> vcpus;
  for (const auto& [id, view] : state.vcpus()) vcpus.push_back(id);
  optional_combo(
      "vCPU", editing_.vcpu, vcpus.data(), vcpus.size(),
      [](uint16_t v) { return std::to_string(v); }, width * 0.6f);
  ImGui::SameLine();
  optional_combo(
      "from mode", editing_.mode, all_modes, std::size(all_modes),
      [](VirtualMode m) { return std::string(model::mode_letter(m)); }, width * 0.6f);
  ImGui::SameLine();
  optional_combo(
      "handled by", editing_.handled_by, all_handlers, std::size(all_handlers),
      [](HandledBy h) { return std::string(model::handled_by_name(h)); }, width);
  ImGui::SameLine();
  draw_cause_combo(state);
  ImGui::TextUnformatted("show:");
  kind_checkbox(context.widgets, "traps", kind_group::trap, editing_.kinds);
  kind_checkbox(context.widgets, "modes", kind_group::mode_change, editing_.kinds);
  kind_checkbox(context.widgets, "CSRs", kind_group::csr_write, editing_.kinds);
  kind_checkbox(context.widgets, "tables", kind_group::page_table, editing_.kinds);
  kind_checkbox(context.widgets, "other", kind_group::other, editing_.kinds);
  ImGui::SetNextItemWidth(width * 2);
  if (noted_input(context.widgets, "##search", "search text", search_.data(), search_.size())) {
    editing_.search = search_.data();
  }
  ImGui::SameLine();
  noted_checkbox(context.widgets, "follow", &context.view.follow_live);
  ImGui::SameLine();
  ImGui::Text("%zu of %zu%s", rows_.rows().size(), visible_, busy_ ? " (filtering...)" : "");
}

void TrapLogPanel::draw_cause_combo(const model::SessionState& state) {
  std::set<uint64_t> causes;
  for (const auto& [id, vcpu] : state.vcpus()) {
    for (const auto& [cause, count] : vcpu.traps_by_cause) causes.insert(cause);
  }
  const std::vector<uint64_t> options(causes.begin(), causes.end());
  optional_combo(
      "cause", editing_.cause, options.data(), options.size(),
      [](uint64_t c) { return model::cause_text(c); }, ImGui::GetFontSize() * 10);
}

void TrapLogPanel::draw_rows(PanelContext& context) {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("log", 5, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4);
  ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4.5f);
  ImGui::TableSetupColumn("vCPU", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 2.2f);
  ImGui::TableSetupColumn("mode", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 2.6f);
  ImGui::TableSetupColumn("event", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  const auto& rows = rows_.rows();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      draw_row(context, rows[static_cast<size_t>(i)]);
    }
  }
  first_row_text_ = rows.empty() ? "" : summary(context.model.log(), rows.front());
  follow_or_seek(context, clipper.ItemsHeight > 0 ? clipper.ItemsHeight
                                                  : ImGui::GetTextLineHeightWithSpacing());
  ImGui::EndTable();
}

void TrapLogPanel::draw_row(PanelContext& context, EventIndex index) {
  const EventLog& log = context.model.log();
  const LogEntry& entry = log.entry(index);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  char label[24];
  std::snprintf(label, sizeof label, "%u", index);
  const bool selected = context.view.selected == index;
  if (ImGui::Selectable(label, selected, ImGuiSelectableFlags_SpanAllColumns)) {
    context.view.select(index, entry.vcpu);
    context.view.scroll_to_selection = false;
  }
  context.widgets.note(std::string("event ") + label);
  ImGui::TableNextColumn();
  ImGui::Text("%llu", static_cast<unsigned long long>(entry.timestamp));
  ImGui::TableNextColumn();
  if (entry.vcpu == events::all_vcpus) {
    ImGui::TextDisabled("all");
  } else {
    ImGui::Text("%u", entry.vcpu);
  }
  ImGui::TableNextColumn();
  if (const events::TrapRecord* trap = log.trap(index)) {
    ImGui::TextColored(mode_color(trap->mode_before), "%s", model::mode_letter(trap->mode_before));
    ImGui::SameLine(0, 0);
    ImGui::TextColored(mode_color(trap->mode_after), ">%s", model::mode_letter(trap->mode_after));
  }
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(summary(log, index).c_str());
}

void TrapLogPanel::follow_or_seek(PanelContext& context, float row_height) {
  ViewState& view = context.view;
  if (ImGui::IsWindowHovered() && ImGui::GetIO().MouseWheel > 0) view.follow_live = false;
  if (view.scroll_to_selection && view.selected) {
    const auto& rows = rows_.rows();
    const auto found = std::lower_bound(rows.begin(), rows.end(), *view.selected);
    const float row = static_cast<float>(found - rows.begin());
    ImGui::SetScrollY(std::max(0.0f, row * row_height - ImGui::GetWindowHeight() * 0.4f));
    view.scroll_to_selection = false;
  } else if (view.follow_live && !view.paused) {
    ImGui::SetScrollY(ImGui::GetScrollMaxY());
  }
}

void TrapLogPanel::report(AppReport& report) const {
  report.set("trap_log.rows", static_cast<uint64_t>(rows_.rows().size()));
  report.set("trap_log.visible_events", static_cast<uint64_t>(visible_));
  report.set("trap_log.search", editing_.search);
  report.set("trap_log.first_row", first_row_text_);
}

}  // namespace gh::inspector
