// The page tables rebuilt at the cursor, shared by the page-table and translation
// panels. Rebuilt when the cursor moves; while following a live stream, at most a few
// times a second.
#pragma once

#include <chrono>
#include <optional>

#include "inspector_model.hpp"

namespace gh::inspector {

class TablesAtCursor {
 public:
  // The tables at `cursor` (nullptr before the first event).
  const PageTableSnapshot* get(const InspectorModel& model, std::optional<EventIndex> cursor,
                               bool following);
  void reset() { snapshot_.reset(); }

 private:
  std::optional<PageTableSnapshot> snapshot_;
  std::chrono::steady_clock::time_point built_at_{};
};

}  // namespace gh::inspector
