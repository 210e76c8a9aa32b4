// What the mode timeline draws, per vCPU: when its virtual mode changed, where its traps
// and its satp writes / sfence.vma fall, and every event it produced (for next/previous
// navigation). Bucketing turns a time window into one value per pixel column, so drawing
// costs the same with a thousand events or a million.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "event_log.hpp"

namespace gh::inspector {

struct ModePoint {
  uint64_t timestamp = 0;
  events::VirtualMode mode = events::VirtualMode::user;
};

struct TimedEvent {
  uint64_t timestamp = 0;
  EventIndex event = 0;
};

enum class RuleKind : uint8_t { satp_write, sfence };

struct Rule {
  uint64_t timestamp = 0;
  EventIndex event = 0;
  RuleKind kind = RuleKind::sfence;
};

struct Lane {
  std::vector<ModePoint> modes;  // a point where the mode became `mode`
  std::vector<TimedEvent> traps;
  std::vector<Rule> rules;
  std::vector<TimedEvent> events;  // every event of this vCPU

  [[nodiscard]] std::optional<events::VirtualMode> mode_at(uint64_t timestamp) const;
};

// One pixel column of a lane: the mode at its middle, and whether it changed inside.
struct ModeBucket {
  std::optional<events::VirtualMode> mode;
  bool mixed = false;
};

// `buckets` columns over [begin, end).
std::vector<ModeBucket> bucket_modes(const Lane& lane, uint64_t begin, uint64_t end, int buckets);
// How many of `marks` fall into each of `buckets` columns over [begin, end).
std::vector<uint32_t> bucket_counts(const std::vector<TimedEvent>& marks, uint64_t begin,
                                    uint64_t end, int buckets);

// The event of `lane` closest in time to `timestamp`.
std::optional<EventIndex> nearest_event(const Lane& lane, uint64_t timestamp);
// The lane's first event after / last event before `current` (by log order).
std::optional<EventIndex> next_event(const Lane& lane, EventIndex current);
std::optional<EventIndex> previous_event(const Lane& lane, EventIndex current);

// Whether `instruction` is sfence.vma (any registers).
bool is_sfence_vma(uint32_t instruction);

class Timeline {
 public:
  void add(const EventLog& log, EventIndex index);

  [[nodiscard]] const std::map<uint16_t, Lane>& lanes() const { return lanes_; }
  [[nodiscard]] const Lane* lane(uint16_t vcpu) const;
  [[nodiscard]] uint64_t first_timestamp() const { return first_; }
  [[nodiscard]] uint64_t last_timestamp() const { return last_; }

 private:
  void set_mode(Lane& lane, uint64_t timestamp, events::VirtualMode mode);

  std::map<uint16_t, Lane> lanes_;
  uint64_t first_ = UINT64_MAX;
  uint64_t last_ = 0;
};

}  // namespace gh::inspector
