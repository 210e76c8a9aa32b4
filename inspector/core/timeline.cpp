#include "timeline.hpp"

#include <algorithm>

namespace gh::inspector {

using events::RecordKind;

namespace {

template <typename T>
size_t first_at_or_after(const std::vector<T>& points, uint64_t timestamp) {
  auto found = std::lower_bound(points.begin(), points.end(), timestamp,
                                [](const T& point, uint64_t t) { return point.timestamp < t; });
  return static_cast<size_t>(found - points.begin());
}

uint64_t bucket_edge(uint64_t begin, uint64_t end, int buckets, int column) {
  const double span = static_cast<double>(end - begin);
  return begin + static_cast<uint64_t>(span * column / buckets);
}

}  // namespace

std::optional<events::VirtualMode> Lane::mode_at(uint64_t timestamp) const {
  const size_t after = first_at_or_after(modes, timestamp + 1);
  if (after == 0) return std::nullopt;
  return modes[after - 1].mode;
}

std::vector<ModeBucket> bucket_modes(const Lane& lane, uint64_t begin, uint64_t end, int buckets) {
  std::vector<ModeBucket> out(static_cast<size_t>(std::max(buckets, 0)));
  if (end <= begin) return out;
  for (int column = 0; column < buckets; ++column) {
    const uint64_t from = bucket_edge(begin, end, buckets, column);
    const uint64_t to = std::max(bucket_edge(begin, end, buckets, column + 1), from + 1);
    ModeBucket& bucket = out[static_cast<size_t>(column)];
    bucket.mode = lane.mode_at(from + (to - from) / 2);
    const size_t first_change = first_at_or_after(lane.modes, from + 1);
    bucket.mixed = first_change < lane.modes.size() && lane.modes[first_change].timestamp < to;
  }
  return out;
}

std::vector<uint32_t> bucket_counts(const std::vector<TimedEvent>& marks, uint64_t begin,
                                    uint64_t end, int buckets) {
  std::vector<uint32_t> out(static_cast<size_t>(std::max(buckets, 0)));
  if (end <= begin) return out;
  size_t index = first_at_or_after(marks, begin);
  for (int column = 0; column < buckets; ++column) {
    const uint64_t to = bucket_edge(begin, end, buckets, column + 1);
    const size_t next =
        column + 1 == buckets ? first_at_or_after(marks, end) : first_at_or_after(marks, to);
    out[static_cast<size_t>(column)] = static_cast<uint32_t>(next - index);
    index = next;
  }
  return out;
}

std::optional<EventIndex> nearest_event(const Lane& lane, uint64_t timestamp) {
  if (lane.events.empty()) return std::nullopt;
  const size_t after = first_at_or_after(lane.events, timestamp);
  if (after == 0) return lane.events.front().event;
  if (after == lane.events.size()) return lane.events.back().event;
  const TimedEvent& before = lane.events[after - 1];
  const TimedEvent& at = lane.events[after];
  return timestamp - before.timestamp <= at.timestamp - timestamp ? before.event : at.event;
}

std::optional<EventIndex> next_event(const Lane& lane, EventIndex current) {
  auto found = std::upper_bound(
      lane.events.begin(), lane.events.end(), current,
      [](EventIndex index, const TimedEvent& event) { return index < event.event; });
  if (found == lane.events.end()) return std::nullopt;
  return found->event;
}

std::optional<EventIndex> previous_event(const Lane& lane, EventIndex current) {
  auto found = std::lower_bound(
      lane.events.begin(), lane.events.end(), current,
      [](const TimedEvent& event, EventIndex index) { return event.event < index; });
  if (found == lane.events.begin()) return std::nullopt;
  return std::prev(found)->event;
}

bool is_sfence_vma(uint32_t instruction) { return (instruction & 0xfe007fff) == 0x12000073; }

const Lane* Timeline::lane(uint16_t vcpu) const {
  auto found = lanes_.find(vcpu);
  return found == lanes_.end() ? nullptr : &found->second;
}

void Timeline::set_mode(Lane& lane, uint64_t timestamp, events::VirtualMode mode) {
  if (!lane.modes.empty() && lane.modes.back().mode == mode) return;
  lane.modes.push_back({timestamp, mode});
}

void Timeline::add(const EventLog& log, EventIndex index) {
  const LogEntry& entry = log.entry(index);
  if (entry.vcpu == events::all_vcpus) return;
  first_ = std::min(first_, entry.timestamp);
  last_ = std::max(last_, entry.timestamp);
  Lane& lane = lanes_[entry.vcpu];
  lane.events.push_back({entry.timestamp, index});
  if (const events::TrapRecord* trap = log.trap(index)) {
    if (lane.modes.empty()) set_mode(lane, entry.timestamp, trap->mode_before);
    set_mode(lane, entry.timestamp, trap->mode_after);
    lane.traps.push_back({entry.timestamp, index});
    if (is_sfence_vma(trap->instruction) && trap->handled_by == events::HandledBy::emulated) {
      lane.rules.push_back({entry.timestamp, index, RuleKind::sfence});
    }
    return;
  }
  if (entry.kind == RecordKind::mode_change || entry.kind == RecordKind::csr_write ||
      entry.kind == RecordKind::vcpu_state) {
    const model::Event event = log.event(index);
    if (const auto* change = std::get_if<events::ModeChangeRecord>(&event.record)) {
      set_mode(lane, entry.timestamp, change->to);
    } else if (const auto* csr = std::get_if<events::CsrWriteRecord>(&event.record)) {
      if (csr->csr == 0x180) lane.rules.push_back({entry.timestamp, index, RuleKind::satp_write});
    } else if (const auto* state = std::get_if<events::VcpuStateRecord>(&event.record)) {
      set_mode(lane, entry.timestamp, state->mode);
    }
  }
}

}  // namespace gh::inspector
