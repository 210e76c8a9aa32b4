// A panel of the inspector: one window, one class, one draw method. draw() places the
// window (preset layouts: this ImGui has no docking) and calls draw_content(), which
// each panel implements.
#pragma once

#include <imgui.h>

#include <string>

#include "app_actions.hpp"
#include "app_report.hpp"
#include "inspector_model.hpp"
#include "tables_at_cursor.hpp"
#include "view_state.hpp"
#include "widget_registry.hpp"

namespace gh::inspector {

struct PanelContext {
  const InspectorModel& model;
  ViewState& view;
  AppActions& actions;
  TablesAtCursor& tables;
  WidgetRegistry& widgets;
};

struct PanelRect {
  ImVec2 position;
  ImVec2 size;
  [[nodiscard]] bool visible() const { return size.x > 1 && size.y > 1; }
};

class Panel {
 public:
  explicit Panel(std::string title) : title_(std::move(title)) {}
  virtual ~Panel() = default;
  Panel(const Panel&) = delete;
  Panel& operator=(const Panel&) = delete;

  // Draws the panel's window in `rect` (moved there when view.relayout is set).
  void draw(PanelContext& context, const PanelRect& rect);

  // Still working towards a settled picture (e.g. filtering a million rows).
  [[nodiscard]] virtual bool busy() const { return false; }
  // Forgets what it derived from the model (a new source was opened).
  virtual void reset() {}
  // Adds what it shows to the --report.
  virtual void report(AppReport&) const {}

  [[nodiscard]] const std::string& title() const { return title_; }

 protected:
  virtual void draw_content(PanelContext& context) = 0;

 private:
  std::string title_;
};

}  // namespace gh::inspector
