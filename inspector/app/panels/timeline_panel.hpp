// The mode timeline: one band per vCPU coloured by its virtual mode (M/S/U, VS/VU),
// traps as ticks, satp writes and sfence.vma as rules, zoom (wheel, buttons) and pan
// (drag), and a cursor: clicking a band selects that vCPU's nearest event.
#pragma once

#include "panel.hpp"
#include "timeline.hpp"

namespace gh::inspector {

class TimelinePanel final : public Panel {
 public:
  TimelinePanel() : Panel("Mode timeline") {}
  void reset() override { fit_ = true; }
  void report(AppReport& report) const override;

 protected:
  void draw_content(PanelContext& context) override;

 private:
  void draw_toolbar(WidgetRegistry& widgets, const Timeline& timeline);
  void draw_lane(ImDrawList& draw, const Lane& lane, ImVec2 origin, ImVec2 size) const;
  void draw_rules(ImDrawList& draw, const Lane& lane, ImVec2 origin, ImVec2 size) const;
  void draw_cursor(ImDrawList& draw, const PanelContext& context, ImVec2 origin, ImVec2 size) const;
  void handle_input(PanelContext& context, ImVec2 origin, ImVec2 size, float lane_height);
  void zoom(double factor, double anchor_fraction);
  [[nodiscard]] float x_of(uint64_t timestamp, float left, float width) const;
  [[nodiscard]] uint64_t time_at(float x, float left, float width) const;

  bool fit_ = true;
  bool dragged_ = false;  // the current press panned: releasing it selects nothing
  double begin_ = 0;
  double end_ = 1;
  size_t lanes_drawn_ = 0;
  int columns_ = 0;
};

}  // namespace gh::inspector
