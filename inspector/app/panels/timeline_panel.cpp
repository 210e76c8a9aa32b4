#include "timeline_panel.hpp"

#include <algorithm>
#include <cmath>

#include "colors.hpp"
#include "names.hpp"

namespace gh::inspector {

namespace {

using events::VirtualMode;

constexpr float label_width_em = 4.5f;

void legend_item(const char* name, ImU32 color) {
  ImGui::SameLine();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float size = ImGui::GetFontSize() * 0.8f;
  ImGui::GetWindowDrawList()->AddRectFilled({at.x, at.y + 2}, {at.x + size, at.y + 2 + size},
                                            color);
  ImGui::Dummy({size, size});
  ImGui::SameLine();
  ImGui::TextUnformatted(name);
}

}  // namespace

float TimelinePanel::x_of(uint64_t timestamp, float left, float width) const {
  return left +
         static_cast<float>((static_cast<double>(timestamp) - begin_) / (end_ - begin_)) * width;
}

uint64_t TimelinePanel::time_at(float x, float left, float width) const {
  const double t = begin_ + (end_ - begin_) * static_cast<double>((x - left) / width);
  return static_cast<uint64_t>(std::max(0.0, t));
}

void TimelinePanel::zoom(double factor, double anchor_fraction) {
  const double anchor = begin_ + (end_ - begin_) * anchor_fraction;
  const double span = std::max((end_ - begin_) * factor, 4.0);
  begin_ = anchor - span * anchor_fraction;
  end_ = begin_ + span;
  fit_ = false;
}

void TimelinePanel::draw_toolbar(WidgetRegistry& widgets, const Timeline& timeline) {
  if (noted_button(widgets, "Fit")) fit_ = true;
  ImGui::SameLine();
  if (noted_button(widgets, "-")) zoom(2.0, 0.5);
  ImGui::SameLine();
  if (noted_button(widgets, "+")) zoom(0.5, 0.5);
  if (fit_) {
    begin_ = static_cast<double>(std::min(timeline.first_timestamp(), timeline.last_timestamp()));
    end_ = std::max(static_cast<double>(timeline.last_timestamp()) + 1, begin_ + 4);
  }
  ImGui::SameLine();
  ImGui::Text("t %.0f .. %.0f", begin_, end_);
  for (VirtualMode mode : {VirtualMode::machine, VirtualMode::supervisor, VirtualMode::user,
                           VirtualMode::virtual_supervisor, VirtualMode::virtual_user}) {
    legend_item(model::mode_letter(mode), mode_color_u32(mode));
  }
  legend_item("satp write", palette::satp_rule);
  legend_item("sfence.vma", palette::sfence_rule);
  legend_item("traps (ticks)", palette::trap_mark);
}

void TimelinePanel::draw_lane(ImDrawList& draw, const Lane& lane, ImVec2 origin,
                              ImVec2 size) const {
  const int columns = std::max(1, static_cast<int>(size.x));
  const auto modes = bucket_modes(lane, static_cast<uint64_t>(std::max(0.0, begin_)),
                                  static_cast<uint64_t>(end_), columns);
  const float band_bottom = origin.y + size.y * 0.65f;
  draw.AddRectFilled(origin, {origin.x + size.x, origin.y + size.y}, palette::lane_background);
  int run_start = 0;
  for (int column = 1; column <= columns; ++column) {
    const bool end_of_run = column == columns || modes[static_cast<size_t>(column)].mode !=
                                                     modes[static_cast<size_t>(run_start)].mode;
    if (!end_of_run) continue;
    if (auto mode = modes[static_cast<size_t>(run_start)].mode) {
      draw.AddRectFilled({origin.x + static_cast<float>(run_start), origin.y},
                         {origin.x + static_cast<float>(column), band_bottom},
                         mode_color_u32(*mode));
    }
    run_start = column;
  }
  const auto traps = bucket_counts(lane.traps, static_cast<uint64_t>(std::max(0.0, begin_)),
                                   static_cast<uint64_t>(end_), columns);
  const float tick_room = origin.y + size.y - band_bottom - 1;
  for (int column = 0; column < columns; ++column) {
    const uint32_t count = traps[static_cast<size_t>(column)];
    if (count == 0) continue;
    const float height = std::min(tick_room, tick_room * (0.4f + 0.2f * std::log2(1.0f + count)));
    const float x = origin.x + static_cast<float>(column);
    draw.AddRectFilled({x, band_bottom + 1}, {x + 1, band_bottom + 1 + height}, palette::trap_mark);
  }
}

void TimelinePanel::draw_rules(ImDrawList& draw, const Lane& lane, ImVec2 origin,
                               ImVec2 size) const {
  const auto first = std::lower_bound(
      lane.rules.begin(), lane.rules.end(), begin_,
      [](const Rule& rule, double t) { return static_cast<double>(rule.timestamp) < t; });
  const auto last = std::lower_bound(first, lane.rules.end(), end_, [](const Rule& rule, double t) {
    return static_cast<double>(rule.timestamp) < t;
  });
  // Dense rules become short marks at the top, so the mode band stays readable.
  const bool dense = static_cast<float>(last - first) > size.x / 6;
  const float bottom = dense ? origin.y + size.y * 0.25f : origin.y + size.y + 2;
  int last_column[2] = {-1, -1};  // one rule per pixel column and kind
  for (auto rule = first; rule != last; ++rule) {
    const float x = x_of(rule->timestamp, origin.x, size.x);
    const bool satp = rule->kind == RuleKind::satp_write;
    const int column = static_cast<int>(x);
    if (column == last_column[satp]) continue;
    last_column[satp] = column;
    draw.AddLine({x, origin.y - 2}, {x, bottom}, satp ? palette::satp_rule : palette::sfence_rule,
                 satp ? 2.0f : 1.0f);
  }
}

void TimelinePanel::draw_cursor(ImDrawList& draw, const PanelContext& context, ImVec2 origin,
                                ImVec2 size) const {
  const auto cursor = context.view.cursor();
  if (!cursor || *cursor >= context.model.log().size()) return;
  const float x = x_of(context.model.log().entry(*cursor).timestamp, origin.x, size.x);
  if (x < origin.x || x > origin.x + size.x) return;
  draw.AddLine({x, origin.y}, {x, origin.y + size.y}, palette::cursor, 2.0f);
}

void TimelinePanel::handle_input(PanelContext& context, ImVec2 origin, ImVec2 size,
                                 float lane_height) {
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("lanes", size);
  context.widgets.note("lanes");
  const ImGuiIO& io = ImGui::GetIO();
  const float fraction = std::clamp((io.MousePos.x - origin.x) / size.x, 0.0f, 1.0f);
  if (ImGui::IsItemHovered() && io.MouseWheel != 0) {
    zoom(io.MouseWheel > 0 ? 0.8 : 1.25, fraction);
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
    const double shift = -static_cast<double>(io.MouseDelta.x / size.x) * (end_ - begin_);
    begin_ += shift;
    end_ += shift;
    fit_ = false;
    dragged_ = true;
  } else if (ImGui::IsItemActivated()) {
    dragged_ = false;
  } else if (ImGui::IsItemDeactivated() && !dragged_) {
    const int lane_index = static_cast<int>((io.MousePos.y - origin.y) / lane_height);
    const auto& lanes = context.model.timeline().lanes();
    if (lane_index < 0 || lane_index >= static_cast<int>(lanes.size())) return;
    const auto& [vcpu, lane] = *std::next(lanes.begin(), lane_index);
    if (auto nearest = nearest_event(lane, time_at(io.MousePos.x, origin.x, size.x))) {
      context.view.select(*nearest, vcpu);
    }
  }
}

void TimelinePanel::draw_content(PanelContext& context) {
  const Timeline& timeline = context.model.timeline();
  draw_toolbar(context.widgets, timeline);
  const auto& lanes = timeline.lanes();
  if (lanes.empty()) return ImGui::TextDisabled("no events yet");
  const ImVec2 available = ImGui::GetContentRegionAvail();
  const float label_width = ImGui::GetFontSize() * label_width_em;
  const float lane_height = std::clamp(available.y / static_cast<float>(lanes.size()),
                                       ImGui::GetFontSize() * 1.2f, ImGui::GetFontSize() * 3.0f);
  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  const ImVec2 origin{top_left.x + label_width, top_left.y};
  const ImVec2 size{std::max(available.x - label_width, 10.0f),
                    lane_height * static_cast<float>(lanes.size())};
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  size_t row = 0;
  for (const auto& [vcpu, lane] : lanes) {
    const float y = origin.y + lane_height * static_cast<float>(row++);
    const auto mode = lane.mode_at(static_cast<uint64_t>(end_));
    char label[32];
    std::snprintf(label, sizeof label, "vCPU %u %s", vcpu, mode ? model::mode_letter(*mode) : "");
    draw.AddText({top_left.x, y + lane_height * 0.2f}, ImGui::GetColorU32(ImGuiCol_Text), label);
    const ImVec2 lane_origin{origin.x, y + 2};
    const ImVec2 lane_size{size.x, lane_height - 4};
    draw_lane(draw, lane, lane_origin, lane_size);
    draw_rules(draw, lane, lane_origin, lane_size);
  }
  draw_cursor(draw, context, origin, size);
  handle_input(context, origin, size, lane_height);
  lanes_drawn_ = lanes.size();
  columns_ = static_cast<int>(size.x);
}

void TimelinePanel::report(AppReport& report) const {
  report.set("timeline.lanes", static_cast<uint64_t>(lanes_drawn_));
  report.set("timeline.columns", static_cast<uint64_t>(columns_));
  report.set("timeline.begin", begin_);
  report.set("timeline.end", end_);
}

}  // namespace gh::inspector
