#include "mmu/guest_pte_tracker.hpp"

#include "mmu/paging.hpp"
#include "riscv/csr.hpp"

namespace gh::mmu {

bool pte_change_matters(uint64_t before, uint64_t now) {
  constexpr uint64_t accessed_dirty = riscv::pte::a | riscv::pte::d;
  const bool other_bits_changed = ((before ^ now) & ~accessed_dirty) != 0;
  const bool accessed_dirty_cleared = (before & ~now & accessed_dirty) != 0;
  return other_bits_changed || accessed_dirty_cleared;
}

bool GuestPteTracker::track(uint8_t space, uint64_t pte_gpa, uint64_t value, uint64_t va,
                            uint8_t level, const uint64_t* host_word) {
  for (size_t index = 0; index < count_; ++index) {
    TrackedPte& entry = entries_[index];
    if (entry.alive && entry.space == space && entry.pte_gpa == pte_gpa && entry.va == va) {
      entry.value = value;
      return true;
    }
  }
  if (count_ == capacity) compact();
  if (count_ == capacity) return false;
  entries_[count_++] = {.pte_gpa = pte_gpa,
                        .value = value,
                        .va = va,
                        .level = level,
                        .space = space,
                        .alive = true,
                        .host_word = host_word};
  return true;
}

void GuestPteTracker::forget_space(uint8_t space) {
  for (size_t index = 0; index < count_; ++index) {
    if (entries_[index].space == space) {
      entries_[index].alive = false;
      has_dead_ = true;
    }
  }
}

void GuestPteTracker::forget_span(uint8_t space, uint64_t va, uint8_t level) {
  const uint64_t span = level_span(level);
  const uint64_t first = align_down(va, span);
  for (size_t index = 0; index < count_; ++index) {
    TrackedPte& entry = entries_[index];
    if (entry.space == space && entry.level <= level && align_down(entry.va, span) == first) {
      entry.alive = false;
      has_dead_ = true;
    }
  }
}

std::optional<uint8_t> GuestPteTracker::leaf_level(uint8_t space, uint64_t va) const {
  constexpr uint64_t rwx = riscv::pte::r | riscv::pte::w | riscv::pte::x;
  for (size_t index = 0; index < count_; ++index) {
    const TrackedPte& entry = entries_[index];
    if (!entry.alive || entry.space != space || (entry.value & rwx) == 0) continue;
    if (align_down(va, level_span(entry.level)) == entry.va) return entry.level;
  }
  return std::nullopt;
}

std::optional<ChangedPte> GuestPteTracker::check(size_t index, GuestPhysicalMemory& memory) {
  TrackedPte& entry = entries_[index];
  if (!entry.alive) return std::nullopt;
  const uint64_t now =
      entry.host_word ? load_word(entry.host_word) : memory.read64(entry.pte_gpa).value_or(0);
  if (pte_change_matters(entry.value, now)) return ChangedPte{.tracked = entry, .now = now};
  entry.value = now;
  return std::nullopt;
}

size_t GuestPteTracker::size() const {
  size_t alive = 0;
  for (size_t index = 0; index < count_; ++index) alive += entries_[index].alive ? 1 : 0;
  return alive;
}

void GuestPteTracker::compact() {
  size_t kept = 0;
  for (size_t index = 0; index < count_; ++index) {
    if (entries_[index].alive) entries_[kept++] = entries_[index];
  }
  count_ = kept;
  has_dead_ = false;
}

}  // namespace gh::mmu
