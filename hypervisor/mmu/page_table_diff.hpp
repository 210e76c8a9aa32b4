// Page-table change records for the event stream: guest PTEs found changed at
// sfence.vma / satp writes (or written by the emulated hardware walker), and every
// shadow PTE the hypervisor writes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace gh::mmu {

enum class TableKind : uint8_t { guest, shadow };

struct PageTableDiff {
  TableKind table = TableKind::guest;
  uint8_t level = 0;  // 0 = the entry maps (or points at) 4 KiB pages
  uint16_t reserved = 0;
  uint32_t padding = 0;
  uint64_t root = 0;         // guest: root gpa; shadow: root hpa
  uint64_t va = 0;           // first virtual address the entry covers
  uint64_t pte_address = 0;  // guest: gpa; shadow: hpa
  uint64_t old_pte = 0;
  uint64_t new_pte = 0;
};
static_assert(sizeof(PageTableDiff) == 48);

class DiffSink {
 public:
  virtual void record(const PageTableDiff& diff) = 0;

 protected:
  ~DiffSink() = default;
};

// A fixed-capacity log: keeps the first `capacity` records, counts the rest as dropped.
template <size_t capacity>
class DiffLog final : public DiffSink {
 public:
  void record(const PageTableDiff& diff) override {
    if (count_ < capacity) {
      records_[count_++] = diff;
    } else {
      ++dropped_;
    }
  }
  void clear() {
    count_ = 0;
    dropped_ = 0;
  }
  [[nodiscard]] std::span<const PageTableDiff> records() const { return {records_.data(), count_}; }
  [[nodiscard]] size_t dropped() const { return dropped_; }

 private:
  std::array<PageTableDiff, capacity> records_{};
  size_t count_ = 0;
  size_t dropped_ = 0;
};

}  // namespace gh::mmu
