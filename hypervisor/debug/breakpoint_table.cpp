#include "debug/breakpoint_table.hpp"

namespace gh::debug {

// `kind` publishes an entry: vCPUs look entries up while the service hart changes them
// (non-stop mode), so it is written last on insert and first on removal.
namespace {
uint8_t published_kind(const uint8_t& kind) { return __atomic_load_n(&kind, __ATOMIC_ACQUIRE); }
}  // namespace

BreakpointTable::Entry* BreakpointTable::find(uint64_t gpa) {
  for (Entry& e : entries_) {
    if (published_kind(e.kind) != 0 && e.gpa == gpa) return &e;
  }
  return nullptr;
}

const BreakpointTable::Entry* BreakpointTable::find(uint64_t gpa) const {
  for (const Entry& e : entries_) {
    if (published_kind(e.kind) != 0 && e.gpa == gpa) return &e;
  }
  return nullptr;
}

BreakpointTable::Entry* BreakpointTable::free_entry() {
  for (Entry& e : entries_) {
    if (e.kind == 0) return &e;
  }
  return nullptr;
}

BreakpointStatus BreakpointTable::insert(uint64_t gpa, unsigned kind, bool temporary) {
  if (kind != 2 && kind != 4) return BreakpointStatus::bad_kind;
  if (Entry* existing = find(gpa)) {
    ++(temporary ? existing->temporary_users : existing->users);
    return BreakpointStatus::ok;
  }
  Entry* entry = free_entry();
  if (entry == nullptr) return BreakpointStatus::table_full;
  auto original = ram_.read(gpa, kind);
  if (!original) return BreakpointStatus::not_ram;
  *entry = {gpa, static_cast<uint32_t>(*original), 0, static_cast<uint8_t>(temporary ? 0 : 1),
            static_cast<uint8_t>(temporary ? 1 : 0)};
  __atomic_store_n(&entry->kind, static_cast<uint8_t>(kind), __ATOMIC_RELEASE);
  if (!ram_.write(gpa, kind, instruction_for(kind))) {
    *entry = {};
    return BreakpointStatus::not_ram;
  }
  return BreakpointStatus::ok;
}

void BreakpointTable::release(Entry& entry) {
  if (entry.users != 0 || entry.temporary_users != 0) return;
  (void)ram_.write(entry.gpa, entry.kind, entry.original);
  __atomic_store_n(&entry.kind, uint8_t{0}, __ATOMIC_RELEASE);
  entry = {};
}

BreakpointStatus BreakpointTable::remove(uint64_t gpa, bool temporary) {
  Entry* entry = find(gpa);
  if (entry == nullptr) return BreakpointStatus::not_found;
  uint8_t& users = temporary ? entry->temporary_users : entry->users;
  if (users == 0) return BreakpointStatus::not_found;
  --users;
  release(*entry);
  return BreakpointStatus::ok;
}

size_t BreakpointTable::remove_temporary() {
  size_t removed = 0;
  for (Entry& e : entries_) {
    if (e.kind == 0 || e.temporary_users == 0) continue;
    e.temporary_users = 0;
    release(e);
    removed += e.kind == 0 ? 1 : 0;
  }
  return removed;
}

size_t BreakpointTable::remove_all() {
  size_t removed = 0;
  for (Entry& e : entries_) {
    if (e.kind == 0) continue;
    e.users = e.temporary_users = 0;
    release(e);
    ++removed;
  }
  return removed;
}

bool BreakpointTable::planted_at(uint64_t gpa) const { return find(gpa) != nullptr; }

bool BreakpointTable::on_page(uint64_t gpa) const {
  constexpr uint64_t page_mask = ~uint64_t{4095};
  for (const Entry& e : entries_) {
    const uint8_t kind = published_kind(e.kind);
    if (kind == 0) continue;
    // A 4-byte ebreak may straddle two pages.
    if ((e.gpa & page_mask) == (gpa & page_mask)) return true;
    if (((e.gpa + kind - 1) & page_mask) == (gpa & page_mask)) return true;
  }
  return false;
}

void BreakpointTable::hide(uint64_t gpa, std::span<uint8_t> bytes) const {
  for (const Entry& e : entries_) {
    if (e.kind == 0) continue;
    for (unsigned i = 0; i < e.kind; ++i) {
      uint64_t at = e.gpa + i;
      if (at >= gpa && at - gpa < bytes.size()) {
        bytes[at - gpa] = static_cast<uint8_t>(e.original >> (8 * i));
      }
    }
  }
}

void BreakpointTable::write_through(uint64_t gpa, std::span<const uint8_t> bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) (void)ram_.write(gpa + i, 1, bytes[i]);
  for (Entry& e : entries_) {
    if (e.kind == 0) continue;
    bool touched = false;
    for (unsigned i = 0; i < e.kind; ++i) {
      uint64_t at = e.gpa + i;
      if (at < gpa || at - gpa >= bytes.size()) continue;
      e.original = (e.original & ~(0xffu << (8 * i))) | uint32_t{bytes[at - gpa]} << (8 * i);
      touched = true;
    }
    if (touched) (void)ram_.write(e.gpa, e.kind, instruction_for(e.kind));
  }
}

size_t BreakpointTable::count() const {
  size_t n = 0;
  for (const Entry& e : entries_) n += e.kind != 0 ? 1 : 0;
  return n;
}

}  // namespace gh::debug
