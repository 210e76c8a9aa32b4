// What the user is looking at, shared by the panels: the cursor (a selected event),
// following live or not, the paused view, the timeline window, the translation asked
// for, the layout and theme. Owned by the app; panels read and change it.
#pragma once

#include <cstdint>
#include <optional>

#include "event_log.hpp"
#include "inspector_options.hpp"

namespace gh::inspector {

struct TranslationRequest {
  uint64_t gva = 0;
  uint16_t vcpu = 0;
  events::AccessKind access = events::AccessKind::load;
  bool active = false;                   // something to show
  std::optional<uint32_t> live_request;  // the hypervisor's request id, when connected
  bool send_live = false;                // the panel asks the app to send the command
};

struct ViewState {
  std::optional<EventIndex> selected;  // the cursor
  bool follow_live = true;             // the cursor tracks the newest event
  bool paused = false;                 // views frozen at `visible_events`; ingest goes on
  size_t visible_events = 0;           // how many events the views show this frame
  bool scroll_to_selection = false;    // set when the cursor moved outside the trap log
  uint16_t focus_vcpu = 0;
  TranslationRequest translation;
  LayoutPreset layout = LayoutPreset::overview;
  bool relayout = true;  // place every panel again (first frame, preset or size change)
  bool presenter = false;

  // The event the tables and the translation are shown at.
  [[nodiscard]] std::optional<EventIndex> cursor() const {
    if (selected && !follow_live) return selected;
    if (visible_events == 0) return std::nullopt;
    return static_cast<EventIndex>(visible_events - 1);
  }
  void select(EventIndex index, uint16_t vcpu) {
    selected = index;
    focus_vcpu = vcpu;
    follow_live = false;
    scroll_to_selection = true;
  }
};

}  // namespace gh::inspector
