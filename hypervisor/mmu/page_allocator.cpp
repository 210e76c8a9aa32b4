#include "mmu/page_allocator.hpp"

#include "mmu/paging.hpp"

namespace gh::mmu {

std::optional<uint64_t> FixedPagePool::allocate_page() {
  uint64_t page = no_page;
  if (free_list_ != no_page) {
    page = free_list_;
    free_list_ = *host_.word(page);
  } else if (never_used_from_ < pages_) {
    page = base_ + never_used_from_++ * page_size;
  } else {
    return std::nullopt;
  }
  ++used_;
  zero_page(host_, page);
  return page;
}

void FixedPagePool::free_page(uint64_t hpa) {
  *host_.word(hpa) = free_list_;
  free_list_ = hpa;
  --used_;
}

}  // namespace gh::mmu
