// --actions: what a headless run does with the mouse and keyboard after loading, as a
// user would. A script is a ';'-separated list (docs/inspector.md):
//   click:WIDGET[@FX,FY]  move the mouse over the widget (FX,FY: fractions of its
//                         rectangle, default the centre), press and release the button
//   type:WIDGET=TEXT      click a text field, select all, type TEXT
//   key:NAME              press a key (the --keys names, return, tab, escape, backspace)
//   wait:SECONDS          keep drawing frames (a live stream keeps arriving)
//   report:FILE           write the --report JSON now (state at this point)
// WIDGET is a label as the panels draw it ("Disconnect", "vCPU 1", "recording file"),
// optionally "Panel title/label"; a trailing '*' takes the first widget that starts so.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gh::inspector {

enum class UiActionKind : uint8_t { click, type, key, wait, report };

struct UiAction {
  UiActionKind kind = UiActionKind::click;
  std::string target;  // widget name, key name or file
  std::string text;    // type: what to type
  double seconds = 0;  // wait
  float fx = 0.5f;     // click: where in the widget's rectangle
  float fy = 0.5f;
};

struct ParsedActions {
  std::vector<UiAction> actions;
  std::string error;  // empty when the whole script parsed
};

ParsedActions parse_ui_actions(const std::string& script);

// The keys key: may press (also the --keys names).
const std::vector<std::string>& action_key_names();

}  // namespace gh::inspector
