#include "mmu/shadow_mmu.hpp"

namespace gh::mmu {

AddressSpaceKey address_space_of(riscv::Privilege privilege, uint64_t satp) {
  const SatpFields fields = decode_satp(satp);
  if (privilege == riscv::Privilege::machine || !fields.mode_known ||
      fields.mode == PagingMode::bare) {
    return {};
  }
  return {.bare = false, .guest_root = fields.root_gpa, .asid = fields.asid};
}

AddressSpaceKey address_space_of(const Walk& walk) {
  if (!walk.translated_by_tables) return {};
  return {.bare = false, .guest_root = walk.satp.root_gpa, .asid = walk.satp.asid};
}

std::optional<ActiveShadow> ShadowMmu::activate(riscv::Privilege privilege, uint64_t mstatus,
                                                uint64_t satp) {
  ++counters_.activations;
  const AddressSpaceKey key = address_space_of(privilege, satp);
  const ShadowView view = shadow_view(privilege, mstatus);
  std::optional<uint8_t> space = find_space(key);
  if (space) {
    ++counters_.address_space_hits;
  } else {
    space = acquire_space(key);
    if (!space) return std::nullopt;
  }
  active_ = space;
  spaces_[*space].last_used = ++clock_;
  if (spaces_[*space].synced_fence != fences_) (void)sync_space(*space);
  std::optional<uint64_t> root = root_for(*space, view);
  if (!root) {
    release_other_spaces(*space);
    root = root_for(*space, view);
  }
  if (!root) return std::nullopt;
  return ActiveShadow{.root_hpa = *root, .key = key, .view = view};
}

// The largest level (<= max_level) whose aligned block around the walk's address is one
// guest leaf (or untranslated), lies inside one RAM region with the same alignment in host
// memory, and stays clear of the hypervisor's window.
unsigned ShadowMmu::shadow_leaf_level(const Walk& walk, unsigned max_level) const {
  unsigned level = walk.translated_by_tables ? walk.leaf_level : tables_.levels() - 1;
  if (level > max_level) level = max_level;
  for (; level > 0; --level) {
    const uint64_t span = level_span(level);
    const uint64_t block_gpa = align_down(walk.gpa, span);
    const uint64_t block_va = align_down(walk.gva, span);
    const uint64_t region_end = walk.region.region_gpa + walk.region.region_size;
    const bool inside = block_gpa >= walk.region.region_gpa && block_gpa + span <= region_end;
    const bool aligned = (walk.region.hpa - walk.gpa) % span == 0;
    if (inside && aligned && !in_hypervisor_window(block_va + span - 1)) return level;
  }
  return 0;
}

ShadowStatus ShadowMmu::install(const Walk& walk, ShadowView view, uint64_t withheld,
                               unsigned max_level) {
  if (!walk.ok()) return ShadowStatus::walk_failed;
  if (walk.region.kind != RegionKind::ram) return ShadowStatus::not_ram;
  const uint64_t flags = withhold_rights(shadow_leaf_flags(walk, view), withheld);
  if (!shadow_flags_allow(flags, walk.access)) return ShadowStatus::access_not_granted;
  const uint64_t va = align_down(walk.gva, page_size);
  if (!is_canonical(va, tables_.va_bits())) return ShadowStatus::va_not_shadowable;
  if (in_hypervisor_window(va)) return ShadowStatus::va_in_hypervisor_window;
  const AddressSpaceKey key = address_space_of(walk);
  std::optional<uint8_t> space = find_space(key);
  if (!space) space = acquire_space(key);
  if (!space) return ShadowStatus::address_space_unavailable;
  const unsigned level = shadow_leaf_level(walk, max_level);
  const uint64_t span = level_span(level);
  const ShadowStatus status = map_with_retry(*space, walk, view, align_down(walk.gva, span),
                                             align_down(walk.region.hpa, span), flags, level);
  if (status == ShadowStatus::ok) ++counters_.installs;
  return status;
}

void ShadowMmu::invalidate_all() {
  for (uint8_t space = 0; space < max_address_spaces; ++space) clear_space(space);
}

void ShadowMmu::invalidate_va(uint64_t va) {
  for (uint8_t space = 0; space < max_address_spaces; ++space) {
    if (spaces_[space].in_use) invalidate_va_in_space(space, va);
  }
}

// A guest superpage is shadowed as 4 KiB pages: fencing any address in it drops them all,
// as the hardware's single TLB entry for the superpage would go.
void ShadowMmu::invalidate_va_in_space(uint8_t space, uint64_t va) {
  const uint8_t level = tracker_.leaf_level(space, va).value_or(0);
  unmap_span_in_space(space, va, level);
}

void ShadowMmu::invalidate_asid(uint16_t asid) {
  for (uint8_t space = 0; space < max_address_spaces; ++space) {
    const AddressSpace& entry = spaces_[space];
    if (entry.in_use && !entry.key.bare && entry.key.asid == asid) clear_space(space);
  }
}

void ShadowMmu::invalidate_va_asid(uint64_t va, uint16_t asid) {
  for (uint8_t space = 0; space < max_address_spaces; ++space) {
    const AddressSpace& entry = spaces_[space];
    if (entry.in_use && !entry.key.bare && entry.key.asid == asid) {
      invalidate_va_in_space(space, va);
    }
  }
}

void ShadowMmu::drop_changed(const ChangedPte& change) {
  record_guest_change(change);
  unmap_span_in_space(change.tracked.space, change.tracked.va, change.tracked.level);
}

size_t ShadowMmu::sync_guest_changes() {
  counters_.guest_pte_checks += tracker_.size();
  const size_t changes =
      tracker_.for_each_change(guest_, [this](const ChangedPte& change) { drop_changed(change); });
  for (AddressSpace& space : spaces_) space.synced_fence = fences_;
  counters_.guest_pte_changes += changes;
  return changes;
}

size_t ShadowMmu::sync_space(uint8_t space) {
  counters_.guest_pte_checks += tracker_.size_of(space);
  const size_t changes = tracker_.for_each_change_in(
      space, guest_, [this](const ChangedPte& change) { drop_changed(change); });
  spaces_[space].synced_fence = fences_;
  counters_.guest_pte_changes += changes;
  return changes;
}

size_t ShadowMmu::fence_guest_changes() {
  ++fences_;
  return active_ ? sync_space(*active_) : 0;
}

std::optional<uint64_t> ShadowMmu::root_of(const AddressSpaceKey& key, ShadowView view) const {
  const std::optional<uint8_t> space = find_space(key);
  if (!space || spaces_[*space].roots[view.index()] == 0) return std::nullopt;
  return spaces_[*space].roots[view.index()];
}

std::optional<uint8_t> ShadowMmu::find_space(const AddressSpaceKey& key) const {
  for (uint8_t space = 0; space < max_address_spaces; ++space) {
    if (spaces_[space].in_use && spaces_[space].key == key) return space;
  }
  return std::nullopt;
}

// A free slot, else the least recently used address space that is not active.
std::optional<uint8_t> ShadowMmu::victim_space() const {
  std::optional<uint8_t> victim;
  for (uint8_t space = 0; space < max_address_spaces; ++space) {
    if (!spaces_[space].in_use) return space;
    if (space == active_) continue;
    if (!victim || spaces_[space].last_used < spaces_[*victim].last_used) victim = space;
  }
  return victim;
}

std::optional<uint8_t> ShadowMmu::acquire_space(const AddressSpaceKey& key) {
  ++counters_.address_space_misses;
  const std::optional<uint8_t> space = victim_space();
  if (!space) return std::nullopt;
  if (spaces_[*space].in_use) {
    release_space(*space);
    ++counters_.evictions;
  }
  spaces_[*space] = {
      .in_use = true, .key = key, .last_used = ++clock_, .roots = {}, .synced_fence = fences_};
  return space;
}

void ShadowMmu::release_space(uint8_t space) {
  for (uint64_t& root : spaces_[space].roots) {
    if (root != 0) tables_.destroy_root(root);
    root = 0;
  }
  tracker_.forget_space(space);
  spaces_[space].in_use = false;
}

std::optional<uint64_t> ShadowMmu::root_for(uint8_t space, ShadowView view) {
  uint64_t& root = spaces_[space].roots[view.index()];
  if (root == 0) {
    const std::optional<uint64_t> fresh = tables_.create_root();
    if (!fresh) return std::nullopt;
    root = *fresh;
  }
  return root;
}

void ShadowMmu::clear_space(uint8_t space) {
  if (!spaces_[space].in_use) return;
  for (uint64_t root : spaces_[space].roots) {
    if (root != 0) tables_.clear(root);
  }
  tracker_.forget_space(space);
}

void ShadowMmu::unmap_span_in_space(uint8_t space, uint64_t va, unsigned level) {
  tracker_.forget_span(space, va, static_cast<uint8_t>(level));
  for (uint64_t root : spaces_[space].roots) {
    if (root == 0) continue;
    if (level >= tables_.levels()) {
      tables_.clear(root);
    } else {
      tables_.unmap_span(root, va, level);
    }
  }
}

bool ShadowMmu::track_walk(uint8_t space, const Walk& walk) {
  for (uint8_t step = 0; step < walk.step_count; ++step) {
    const WalkStep& at = walk.steps[step];
    const bool leaf = step + 1 == walk.step_count;
    const uint64_t value = leaf ? walk.leaf_pte : at.pte;
    const uint64_t va = align_down(walk.gva, level_span(at.level));
    const RegionLookup where = guest_.lookup(at.pte_gpa);
    const uint64_t* host_word =
        where.kind == RegionKind::ram ? host_.word(where.hpa & ~uint64_t{7}) : nullptr;
    TrackedPte previous;
    TrackResult result =
        tracker_.track(space, at.pte_gpa, value, va, at.level, host_word, &previous);
    if (result == TrackResult::stale) {
      // The guest changed this span's tables since the shadow was built from them: what
      // was built on the old entry goes, as a sync would have dropped it.
      const uint64_t now = previous.pte_gpa == at.pte_gpa ? value : previous.value;
      if (pte_change_matters(previous.value, now)) record_guest_change({previous, now});
      unmap_span_in_space(space, previous.va, previous.level);
      result = tracker_.track(space, at.pte_gpa, value, va, at.level, host_word);
    }
    if (result != TrackResult::tracked) return false;
  }
  return true;
}

void ShadowMmu::flush_everything() {
  ++counters_.full_flushes;
  invalidate_all();
  tracker_.forget_all();
}

void ShadowMmu::release_other_spaces(uint8_t keep) {
  for (uint8_t other = 0; other < max_address_spaces; ++other) {
    if (other != keep && other != active_ && spaces_[other].in_use) release_space(other);
  }
}

// Tracks the walk's guest PTEs and maps the page. When the tracker or the shadow pages run
// out, first evicts the inactive address spaces, then flushes everything.
ShadowStatus ShadowMmu::map_with_retry(uint8_t space, const Walk& walk, ShadowView view,
                                       uint64_t va, uint64_t hpa, uint64_t flags, unsigned level) {
  for (unsigned attempt = 0; attempt < 3; ++attempt) {
    if (attempt == 1) release_other_spaces(space);
    if (attempt == 2) flush_everything();
    if (!track_walk(space, walk)) continue;
    const std::optional<uint64_t> root = root_for(space, view);
    if (!root) continue;
    if (tables_.map_leaf(*root, va, hpa, flags, level) == ShadowStatus::ok) return ShadowStatus::ok;
  }
  return ShadowStatus::out_of_pages;
}

void ShadowMmu::record_guest_change(const ChangedPte& change) {
  if (diffs_ == nullptr) return;
  const TrackedPte& tracked = change.tracked;
  diffs_->record({.table = TableKind::guest,
                  .level = tracked.level,
                  .root = spaces_[tracked.space].key.guest_root,
                  .va = tracked.va,
                  .pte_address = tracked.pte_gpa,
                  .old_pte = tracked.value,
                  .new_pte = change.now});
}

}  // namespace gh::mmu
