// Zeroed 4 KiB pages for page tables and trap frames, from one region the boot hart
// set aside. Pages are never returned in this version.
#pragma once

#include <cstdint>

#include "vmm/arch.hpp"

namespace gh::vmm {

class PagePool {
 public:
  static constexpr uint64_t page_size = 4096;

  void init(uint64_t base, uint64_t size);
  // The physical address of a zeroed page, or 0 when the pool is empty.
  uint64_t allocate();
  uint64_t pages_left() const { return (end_ - next_) / page_size; }

 private:
  SpinLock lock_;
  uint64_t next_ = 0;
  uint64_t end_ = 0;
};

PagePool& page_pool();

}  // namespace gh::vmm
