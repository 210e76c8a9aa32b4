#include "vmm/page_pool.hpp"

#include <cstring>

namespace gh::vmm {

PagePool& page_pool() {
  static PagePool instance;
  return instance;
}

void PagePool::init(uint64_t base, uint64_t size) {
  next_ = base;
  end_ = base + size;
}

uint64_t PagePool::allocate() {
  uint64_t page = 0;
  {
    LockGuard guard(lock_);
    if (next_ + page_size > end_) return 0;
    page = next_;
    next_ += page_size;
  }
  memset(reinterpret_cast<void*>(page), 0, page_size);
  return page;
}

}  // namespace gh::vmm
