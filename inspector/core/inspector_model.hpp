// The inspector's decoded state: the session state (vCPUs, tables, map, replies), the
// compact event log, the timeline lanes and the page-table history, all fed from the
// same decoded items. One mutex guards it: the ingest thread applies under it, the UI
// draws under it.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "event_log.hpp"
#include "page_table_history.hpp"
#include "session_state.hpp"
#include "timeline.hpp"

namespace gh::inspector {

class InspectorModel {
 public:
  void apply(const std::vector<model::DecodedItem>& items);
  void apply(const model::DecodedItem& item);

  [[nodiscard]] std::mutex& mutex() const { return mutex_; }

  [[nodiscard]] const model::SessionState& state() const { return state_; }
  [[nodiscard]] const EventLog& log() const { return log_; }
  [[nodiscard]] const Timeline& timeline() const { return timeline_; }
  [[nodiscard]] const PageTableHistory& page_tables() const { return history_; }
  [[nodiscard]] const std::vector<model::Problem>& recent_problems() const { return problems_; }
  // Bumped by every apply: views cache what they derive against it.
  [[nodiscard]] uint64_t generation() const { return generation_; }

 private:
  mutable std::mutex mutex_;
  model::SessionState state_;
  EventLog log_;
  Timeline timeline_;
  PageTableHistory history_;
  std::vector<model::Problem> problems_;  // the last few
  uint64_t generation_ = 0;
};

}  // namespace gh::inspector
