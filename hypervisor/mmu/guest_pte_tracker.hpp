// The guest PTEs each shadowed translation was built from. At sfence.vma and satp writes
// the hypervisor re-reads them: a PTE whose value changed (other than the hardware-style
// setting of A/D) invalidates exactly the shadow span it covers. This keeps shadows of
// several address spaces valid across context switches without rebuilding them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "mmu/guest_physical_memory.hpp"

namespace gh::mmu {

struct TrackedPte {
  uint64_t pte_gpa = 0;
  uint64_t value = 0;  // as last seen
  uint64_t va = 0;     // first va of the span the PTE covers
  uint8_t level = 0;
  uint8_t space = 0;  // index of the shadow address space that depends on it
  bool alive = false;
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

class GuestPteTracker {
 public:
  static constexpr size_t capacity = 4096;

  // False when full (the caller flushes and starts over).
  [[nodiscard]] bool track(uint8_t space, uint64_t pte_gpa, uint64_t value, uint64_t va,
                           uint8_t level, const uint64_t* host_word = nullptr);
  // Forgetting only marks entries dead; they are reclaimed when the table fills up or after
  // for_each_change, so both are safe to call from its callback.
  void forget_space(uint8_t space);
  // Forgets the entries of `space` inside the level-sized span at `va`.
  void forget_span(uint8_t space, uint64_t va, uint8_t level);
  void forget_all() { count_ = 0; }

  // The level of the guest leaf (a superpage when > 0) that `space` used for `va`.
  [[nodiscard]] std::optional<uint8_t> leaf_level(uint8_t space, uint64_t va) const;

  // Calls `on_change(ChangedPte)` for each tracked PTE whose change matters, then forgets
  // it; benign changes (A/D set) are absorbed. `on_change` may call forget_*.
  template <typename OnChange>
  size_t for_each_change(GuestPhysicalMemory& memory, OnChange&& on_change);

  [[nodiscard]] size_t size() const;

 private:
  std::optional<ChangedPte> check(size_t index, GuestPhysicalMemory& memory);
  void compact();

  std::array<TrackedPte, capacity> entries_{};
  size_t count_ = 0;
  bool has_dead_ = false;  // some entries were forgotten since the last compaction
};

template <typename OnChange>
size_t GuestPteTracker::for_each_change(GuestPhysicalMemory& memory, OnChange&& on_change) {
  size_t changes = 0;
  for (size_t index = 0; index < count_; ++index) {
    if (const std::optional<ChangedPte> change = check(index, memory)) {
      entries_[index].alive = false;
      has_dead_ = true;
      on_change(*change);
      ++changes;
    }
  }
  if (has_dead_) compact();
  return changes;
}

}  // namespace gh::mmu
