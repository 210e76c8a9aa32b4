#include "tables_at_cursor.hpp"

namespace gh::inspector {

namespace {
constexpr auto live_rebuild_interval = std::chrono::milliseconds(250);
}

const PageTableSnapshot* TablesAtCursor::get(const InspectorModel& model,
                                             std::optional<EventIndex> cursor, bool following) {
  if (!cursor) return nullptr;
  const auto now = std::chrono::steady_clock::now();
  const bool same = snapshot_ && snapshot_->at == *cursor;
  const bool throttled = snapshot_ && following && now - built_at_ < live_rebuild_interval;
  if (!same && !throttled) {
    snapshot_ = model.page_tables().at(*cursor);
    built_at_ = now;
  }
  return &*snapshot_;
}

}  // namespace gh::inspector
