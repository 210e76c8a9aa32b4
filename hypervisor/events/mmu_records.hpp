// Records built from the mmu's own types, so the hypervisor hands a PageTableDiff, a Walk
// or a GuestRegion straight to its EventStream.
#pragma once

#include <bit>
#include <cstdint>

#include "events/wire_format.hpp"
#include "mmu/guest_memory_map.hpp"
#include "mmu/page_table_diff.hpp"
#include "mmu/page_table_walker.hpp"

namespace gh::events {

static_assert(sizeof(PageTableDiffRecord) == sizeof(mmu::PageTableDiff));

constexpr PageTableDiffRecord page_table_diff_record(const mmu::PageTableDiff& diff) {
  PageTableDiffRecord record;
  record.table = diff.table == mmu::TableKind::guest ? PageTableKind::guest : PageTableKind::shadow;
  record.level = diff.level;
  record.root = diff.root;
  record.va = diff.va;
  record.pte_address = diff.pte_address;
  record.old_pte = diff.old_pte;
  record.new_pte = diff.new_pte;
  return record;
}

constexpr RegionKind region_kind(mmu::RegionKind kind) {
  switch (kind) {
    case mmu::RegionKind::ram:
      return RegionKind::ram;
    case mmu::RegionKind::mmio:
      return RegionKind::mmio;
    case mmu::RegionKind::hole:
      break;
  }
  return RegionKind::hole;
}

constexpr MemoryRegionRecord memory_region_record(const mmu::GuestRegion& region,
                                                  uint32_t request_id = 0) {
  MemoryRegionRecord record;
  record.gpa = region.gpa;
  record.size = region.size;
  record.hpa = region.hpa;
  record.region = region_kind(region.kind);
  record.device = region.device;
  record.request_id = request_id;
  return record;
}

constexpr AccessKind access_kind(mmu::AccessType access) {
  switch (access) {
    case mmu::AccessType::fetch:
      return AccessKind::fetch;
    case mmu::AccessType::store:
      return AccessKind::store;
    case mmu::AccessType::load:
      break;
  }
  return AccessKind::load;
}

constexpr mmu::AccessType access_type(AccessKind access) {
  switch (access) {
    case AccessKind::fetch:
      return mmu::AccessType::fetch;
    case AccessKind::store:
      return mmu::AccessType::store;
    case AccessKind::load:
      break;
  }
  return mmu::AccessType::load;
}

constexpr WalkOutcome walk_outcome(mmu::WalkOutcome outcome) {
  switch (outcome) {
    case mmu::WalkOutcome::translated:
      return WalkOutcome::translated;
    case mmu::WalkOutcome::access_fault:
      return WalkOutcome::access_fault;
    case mmu::WalkOutcome::page_fault:
      break;
  }
  return WalkOutcome::page_fault;
}

constexpr TranslationRecord translation_record(const mmu::Walk& walk, uint32_t request_id) {
  TranslationRecord record;
  record.request_id = request_id;
  record.access = access_kind(walk.access);
  record.outcome = walk_outcome(walk.outcome);
  record.failed_rule = static_cast<uint8_t>(walk.failed_rule);
  record.failed_level = walk.failed_level;
  record.gva = walk.gva;
  record.satp = walk.context.satp;
  record.gpa = walk.gpa;
  record.hpa = walk.region.kind == mmu::RegionKind::ram ? walk.region.hpa : 0;
  record.leaf_pte = walk.leaf_pte;
  record.step_count = walk.step_count;
  record.leaf_level = walk.leaf_level;
  record.translated_by_tables = walk.translated_by_tables ? 1 : 0;
  record.region = region_kind(walk.region.kind);
  record.device = walk.region.device;
  for (unsigned i = 0; i < walk.step_count && i < max_walk_steps; ++i) {
    const mmu::WalkStep& step = walk.steps[i];
    record.steps[i] = {.table_gpa = step.table_gpa,
                       .pte_gpa = step.pte_gpa,
                       .pte = step.pte,
                       .level = step.level,
                       .index = step.index};
  }
  return record;
}

}  // namespace gh::events
