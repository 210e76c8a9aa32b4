#include "mmu/guest_pte_tracker.hpp"

#include "mmu/page_table_walker.hpp"
#include "mmu/paging.hpp"
#include "riscv/csr.hpp"

namespace gh::mmu {

bool pte_change_matters(uint64_t before, uint64_t now) {
  constexpr uint64_t accessed_dirty = riscv::pte::a | riscv::pte::d;
  const bool other_bits_changed = ((before ^ now) & ~accessed_dirty) != 0;
  const bool accessed_dirty_cleared = (before & ~now & accessed_dirty) != 0;
  return other_bits_changed || accessed_dirty_cleared;
}

size_t GuestPteTracker::home_slot(uint8_t space, uint8_t level, uint64_t va) {
  const uint64_t key = (va >> 12) ^ (uint64_t{space} << 52) ^ (uint64_t{level} << 60);
  return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 40) & (index_slots - 1);
}

std::optional<size_t> GuestPteTracker::find(uint8_t space, uint8_t level, uint64_t va) const {
  for (size_t slot = home_slot(space, level, va);; slot = (slot + 1) & (index_slots - 1)) {
    const uint16_t link = index_[slot];
    if (link == none) return std::nullopt;
    const TrackedPte& entry = entries_[link - 1];
    if (entry.space == space && entry.level == level && entry.va == va) return link - 1;
  }
}

void GuestPteTracker::index_entry(size_t entry) {
  const TrackedPte& tracked = entries_[entry];
  size_t slot = home_slot(tracked.space, tracked.level, tracked.va);
  while (index_[slot] != none) slot = (slot + 1) & (index_slots - 1);
  index_[slot] = static_cast<uint16_t>(entry + 1);
}

void GuestPteTracker::kill(size_t entry) {
  TrackedPte& tracked = entries_[entry];
  if (!tracked.alive) return;
  tracked.alive = false;
  --alive_;
  --alive_in_[tracked.space];
}

TrackResult GuestPteTracker::track(uint8_t space, uint64_t pte_gpa, uint64_t value, uint64_t va,
                                   uint8_t level, const uint64_t* host_word, TrackedPte* previous) {
  if (const std::optional<size_t> found = find(space, level, va)) {
    TrackedPte& entry = entries_[*found];
    if (entry.alive && (entry.pte_gpa != pte_gpa || pte_change_matters(entry.value, value))) {
      if (previous != nullptr) *previous = entry;
      return TrackResult::stale;
    }
    if (!entry.alive) {
      entry.alive = true;
      ++alive_;
      ++alive_in_[space];
    }
    entry.pte_gpa = pte_gpa;
    entry.value = value;
    entry.host_word = host_word;
    return TrackResult::tracked;
  }
  if (count_ == capacity) compact();
  if (count_ == capacity) return TrackResult::full;
  const size_t entry = count_++;
  entries_[entry] = {.pte_gpa = pte_gpa,
                     .value = value,
                     .va = va,
                     .level = level,
                     .space = space,
                     .alive = true,
                     .next_in_space = heads_[space],
                     .host_word = host_word};
  heads_[space] = static_cast<uint16_t>(entry + 1);
  ++alive_;
  ++alive_in_[space];
  index_entry(entry);
  return TrackResult::tracked;
}

void GuestPteTracker::forget_space(uint8_t space) {
  for (uint16_t link = heads_[space]; link != none; link = entries_[link - 1].next_in_space) {
    kill(link - 1);
  }
}

void GuestPteTracker::forget_span(uint8_t space, uint64_t va, uint8_t level) {
  if (level == 0) {
    if (const std::optional<size_t> found = find(space, 0, align_down(va, page_size))) {
      kill(*found);
    }
    return;
  }
  const uint64_t span = level_span(level);
  const uint64_t first = align_down(va, span);
  for (uint16_t link = heads_[space]; link != none; link = entries_[link - 1].next_in_space) {
    const TrackedPte& entry = entries_[link - 1];
    if (entry.level <= level && align_down(entry.va, span) == first) kill(link - 1);
  }
}

void GuestPteTracker::forget_all() {
  count_ = 0;
  alive_ = 0;
  index_.fill(none);
  heads_.fill(none);
  alive_in_.fill(0);
}

std::optional<uint8_t> GuestPteTracker::leaf_level(uint8_t space, uint64_t va) const {
  constexpr uint64_t rwx = riscv::pte::r | riscv::pte::w | riscv::pte::x;
  for (uint8_t level = 0; level < max_paging_levels; ++level) {
    const std::optional<size_t> found = find(space, level, align_down(va, level_span(level)));
    if (!found) continue;
    const TrackedPte& entry = entries_[*found];
    if (entry.alive && (entry.value & rwx) != 0) return level;
  }
  return std::nullopt;
}

// Drops the dead entries and rebuilds the index and the per-space lists.
void GuestPteTracker::compact() {
  size_t kept = 0;
  for (size_t entry = 0; entry < count_; ++entry) {
    if (entries_[entry].alive) entries_[kept++] = entries_[entry];
  }
  count_ = kept;
  index_.fill(none);
  heads_.fill(none);
  for (size_t entry = 0; entry < count_; ++entry) {
    TrackedPte& tracked = entries_[entry];
    tracked.next_in_space = heads_[tracked.space];
    heads_[tracked.space] = static_cast<uint16_t>(entry + 1);
    index_entry(entry);
  }
}

}  // namespace gh::mmu
