#include "debug/watch_table.hpp"

namespace gh::debug {
namespace {

constexpr uint64_t page_mask = ~uint64_t{4095};

bool same(const Watch& a, const Watch& b) {
  return a.gpa == b.gpa && a.length == b.length && a.type == b.type;
}

bool fires_on(gdbstub::BreakpointType type, mmu::AccessType access) {
  switch (type) {
    case gdbstub::BreakpointType::write_watch:
      return access == mmu::AccessType::store;
    case gdbstub::BreakpointType::read_watch:
      return access == mmu::AccessType::load;
    case gdbstub::BreakpointType::access_watch:
      return access != mmu::AccessType::fetch;
    default:
      return false;
  }
}

}  // namespace

bool WatchTable::insert(const Watch& watch) {
  if (watch.length == 0) return false;
  for (Watch& entry : entries_) {
    if (entry.length == 0) {
      entry = watch;
      return true;
    }
  }
  return false;
}

bool WatchTable::remove(const Watch& watch) {
  for (Watch& entry : entries_) {
    if (entry.length != 0 && same(entry, watch)) {
      entry = {};
      return true;
    }
  }
  return false;
}

bool WatchTable::empty() const {
  for (const Watch& entry : entries_) {
    if (entry.length != 0) return false;
  }
  return true;
}

bool WatchTable::on_page(uint64_t gpa) const {
  for (const Watch& entry : entries_) {
    if (entry.length == 0) continue;
    const uint64_t first = entry.gpa & page_mask, last = (entry.gpa + entry.length - 1) & page_mask;
    if ((gpa & page_mask) >= first && (gpa & page_mask) <= last) return true;
  }
  return false;
}

std::optional<Watch> WatchTable::triggered_by(uint64_t gpa, unsigned size,
                                              mmu::AccessType access) const {
  for (const Watch& entry : entries_) {
    if (entry.length == 0 || !fires_on(entry.type, access)) continue;
    if (gpa < entry.gpa + entry.length && entry.gpa < gpa + size) return entry;
  }
  return std::nullopt;
}

}  // namespace gh::debug
