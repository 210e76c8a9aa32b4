// The trap log: every event, filtered by vCPU / kind / cause / mode / handler and a
// text search, in a clipped list (only visible rows are formatted, so a million rows
// scroll smoothly). Follows the newest event unless the user scrolls back or selects.
#pragma once

#include <array>
#include <set>

#include "event_filter.hpp"
#include "panel.hpp"

namespace gh::inspector {

class TrapLogPanel final : public Panel {
 public:
  explicit TrapLogPanel(const std::string& search = {});
  [[nodiscard]] bool busy() const override { return busy_; }
  void reset() override;
  void report(AppReport& report) const override;

 protected:
  void draw_content(PanelContext& context) override;

 private:
  void draw_filter_bar(PanelContext& context);
  void draw_cause_combo(const model::SessionState& state);
  void draw_rows(PanelContext& context);
  void draw_row(PanelContext& context, EventIndex index);
  void follow_or_seek(PanelContext& context, float row_height);

  EventFilter editing_;
  std::array<char, 128> search_{};
  FilteredRows rows_;
  bool busy_ = false;
  size_t visible_ = 0;
  std::string first_row_text_;
};

}  // namespace gh::inspector
