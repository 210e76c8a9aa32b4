// Carries out --actions (and --keys) on a running InspectorApp as a user would: the
// mouse is moved through SDL (SDL_WarpMouseInWindow, which updates SDL's mouse state and
// queues the motion event), buttons, keys and text are SDL events pushed to the queue,
// and frames are drawn in between, so everything goes through ImGui's SDL backend.
// Widgets are found in the WidgetRegistry by the names the panels give them.
#pragma once

#include <string>
#include <vector>

#include "ui_actions.hpp"

namespace gh::inspector {

class InspectorApp;

class ActionRunner {
 public:
  explicit ActionRunner(InspectorApp& app) : app_(app) {}

  // Runs the actions in order; false at the first that cannot be done (error() says).
  bool run(const std::vector<UiAction>& actions);

  [[nodiscard]] const std::string& error() const { return error_; }
  // One line per action done ("click Glasshouse inspector/Disconnect at 812,61").
  [[nodiscard]] const std::vector<std::string>& done() const { return done_; }

 private:
  bool run_one(const UiAction& action);
  bool click(const std::string& widget, float fx, float fy);
  bool type(const UiAction& action);
  void press_key(const std::string& name, bool with_ctrl = false);
  void wait(double seconds);

  InspectorApp& app_;
  std::string error_;
  std::vector<std::string> done_;
};

}  // namespace gh::inspector
