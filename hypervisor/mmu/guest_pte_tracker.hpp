// The guest PTEs each shadowed translation was built from. At sfence.vma and satp writes
// the hypervisor re-reads them: a PTE whose value changed (other than the hardware-style
// setting of A/D) invalidates exactly the shadow span it covers. This keeps shadows of
// several address spaces valid across context switches without rebuilding them.
//
// Entries are keyed by (address space, level, first va of the span): tracking a walk, and
// finding the entry of one page, cost a hash probe, not a scan. Each address space keeps
// a list of its entries, so one space can be re-checked without looking at the others.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "mmu/guest_physical_memory.hpp"
#include "mmu/host_memory.hpp"

namespace gh::mmu {

struct TrackedPte {
  uint64_t pte_gpa = 0;
  uint64_t value = 0;  // as last seen
  uint64_t va = 0;     // first va of the span the PTE covers
  uint8_t level = 0;
  uint8_t space = 0;  // index of the shadow address space that depends on it
  bool alive = false;
  uint16_t next_in_space = 0;  // list link (index + 1; 0 ends the list)
  // Where the PTE lives in host memory (guest RAM never moves), so re-reading it at every
  // sfence.vma is one load instead of a memory-map lookup; nullptr: read through the map.
  const uint64_t* host_word = nullptr;
};

// A guest PTE whose value changed since it was tracked.
struct ChangedPte {
  TrackedPte tracked;
  uint64_t now = 0;
};

// True when `now` differs from `before` in a way that can change a translation: anything
// but the A/D bits being set (which only the walker or a guest emulating it does).
bool pte_change_matters(uint64_t before, uint64_t now);

enum class TrackResult : uint8_t {
  tracked,
  // The span's entry came from another PTE (the guest changed a table above it) or from
  // another value of this one, not yet seen by a sync. The old entry is handed back (and
  // stays tracked) so the caller can drop what it built on it, then track again.
  stale,
  full,  // the caller flushes and starts over
};

class GuestPteTracker {
 public:
  static constexpr size_t capacity = 4096;
  static constexpr size_t max_spaces = 8;

  [[nodiscard]] TrackResult track(uint8_t space, uint64_t pte_gpa, uint64_t value, uint64_t va,
                                  uint8_t level, const uint64_t* host_word = nullptr,
                                  TrackedPte* previous = nullptr);
  // Forgetting only marks entries dead; they are reclaimed when the table fills up, so
  // both are safe to call from a for_each_change callback.
  void forget_space(uint8_t space);
  // Forgets the entries of `space` inside the level-sized span at `va`.
  void forget_span(uint8_t space, uint64_t va, uint8_t level);
  void forget_all();

  // The level of the guest leaf (a superpage when > 0) that `space` used for `va`.
  [[nodiscard]] std::optional<uint8_t> leaf_level(uint8_t space, uint64_t va) const;

  // Calls `on_change(ChangedPte)` for each tracked PTE (of every space, or of one) whose
  // change matters, then forgets it; benign changes (A/D set) are absorbed. `on_change`
  // may call forget_*.
  template <typename OnChange>
  size_t for_each_change(GuestPhysicalMemory& memory, OnChange&& on_change);
  template <typename OnChange>
  size_t for_each_change_in(uint8_t space, GuestPhysicalMemory& memory, OnChange&& on_change);

  [[nodiscard]] size_t size() const { return alive_; }
  [[nodiscard]] size_t size_of(uint8_t space) const { return alive_in_[space]; }

 private:
  static constexpr size_t index_slots = 2 * capacity;  // a power of two, at most half full
  static constexpr uint16_t none = 0;

  [[nodiscard]] std::optional<size_t> find(uint8_t space, uint8_t level, uint64_t va) const;
  [[nodiscard]] static size_t home_slot(uint8_t space, uint8_t level, uint64_t va);
  void index_entry(size_t entry);
  void kill(size_t entry);
  void compact();
  template <typename OnChange>
  bool check_one(size_t entry, GuestPhysicalMemory& memory, OnChange& on_change);

  std::array<TrackedPte, capacity> entries_{};
  std::array<uint16_t, index_slots> index_{};  // entry + 1, or none
  std::array<uint16_t, max_spaces> heads_{};   // entry + 1, or none
  std::array<uint16_t, max_spaces> alive_in_{};
  size_t count_ = 0;  // entries used, alive or dead
  size_t alive_ = 0;
};

template <typename OnChange>
bool GuestPteTracker::check_one(size_t entry, GuestPhysicalMemory& memory, OnChange& on_change) {
  TrackedPte& tracked = entries_[entry];
  if (!tracked.alive) return false;
  const uint64_t now =
      tracked.host_word ? load_word(tracked.host_word) : memory.read64(tracked.pte_gpa).value_or(0);
  if (!pte_change_matters(tracked.value, now)) {
    tracked.value = now;
    return false;
  }
  const ChangedPte change{.tracked = tracked, .now = now};
  kill(entry);
  on_change(change);
  return true;
}

template <typename OnChange>
size_t GuestPteTracker::for_each_change(GuestPhysicalMemory& memory, OnChange&& on_change) {
  size_t changes = 0;
  for (size_t entry = 0; entry < count_; ++entry) {
    changes += check_one(entry, memory, on_change) ? 1 : 0;
  }
  return changes;
}

template <typename OnChange>
size_t GuestPteTracker::for_each_change_in(uint8_t space, GuestPhysicalMemory& memory,
                                           OnChange&& on_change) {
  size_t changes = 0;
  for (uint16_t link = heads_[space]; link != none; link = entries_[link - 1].next_in_space) {
    changes += check_one(link - 1, memory, on_change) ? 1 : 0;
  }
  return changes;
}

}  // namespace gh::mmu
