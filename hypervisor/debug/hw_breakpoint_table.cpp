#include "debug/hw_breakpoint_table.hpp"

namespace gh::debug {
namespace {

constexpr uint64_t page_mask = ~uint64_t{4095};

bool published(const HwBreakpoint& entry) {
  return __atomic_load_n(&entry.used, __ATOMIC_ACQUIRE) != 0;
}

}  // namespace

bool HwBreakpointTable::insert(uint64_t address, bool physical) {
  for (HwBreakpoint& entry : entries_) {
    if (entry.used != 0) continue;
    entry.address = address;
    entry.physical = physical;
    __atomic_store_n(&entry.used, uint8_t{1}, __ATOMIC_RELEASE);
    __atomic_store_n(&count_, count_ + 1, __ATOMIC_RELEASE);
    return true;
  }
  return false;
}

bool HwBreakpointTable::remove(uint64_t address, bool physical) {
  for (HwBreakpoint& entry : entries_) {
    if (entry.used == 0 || entry.address != address || entry.physical != physical) continue;
    __atomic_store_n(&entry.used, uint8_t{0}, __ATOMIC_RELEASE);
    __atomic_store_n(&count_, count_ - 1, __ATOMIC_RELEASE);
    return true;
  }
  return false;
}

void HwBreakpointTable::clear() {
  for (HwBreakpoint& entry : entries_) __atomic_store_n(&entry.used, uint8_t{0}, __ATOMIC_RELEASE);
  __atomic_store_n(&count_, size_t{0}, __ATOMIC_RELEASE);
}

size_t HwBreakpointTable::count() const { return __atomic_load_n(&count_, __ATOMIC_ACQUIRE); }

bool HwBreakpointTable::on_page(uint64_t gva, uint64_t gpa) const {
  if (empty()) return false;
  for (const HwBreakpoint& entry : entries_) {
    if (!published(entry)) continue;
    const uint64_t page = (entry.physical ? gpa : gva) & page_mask;
    if ((entry.address & page_mask) == page) return true;
  }
  return false;
}

bool HwBreakpointTable::on_page_of(uint64_t address, bool physical) const {
  for (const HwBreakpoint& entry : entries_) {
    if (!published(entry) || entry.physical != physical) continue;
    if ((entry.address & page_mask) == (address & page_mask)) return true;
  }
  return false;
}

bool HwBreakpointTable::at(uint64_t pc, std::optional<uint64_t> pc_gpa) const {
  for (const HwBreakpoint& entry : entries_) {
    if (!published(entry)) continue;
    if (entry.physical ? pc_gpa && *pc_gpa == entry.address : pc == entry.address) return true;
  }
  return false;
}

}  // namespace gh::debug
