// Injected allocator of 4 KiB host-physical pages for shadow page tables, and a fixed
// pool implementation (no heap): a free list threaded through the free pages themselves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "mmu/host_memory.hpp"

namespace gh::mmu {

class PageAllocator {
 public:
  // A zeroed page's host-physical address; nothing when the pool is exhausted.
  [[nodiscard]] virtual std::optional<uint64_t> allocate_page() = 0;
  virtual void free_page(uint64_t hpa) = 0;

 protected:
  ~PageAllocator() = default;
};

class FixedPagePool final : public PageAllocator {
 public:
  // Hands out the `pages` pages starting at `base_hpa` (4 KiB aligned).
  FixedPagePool(HostMemory& host, uint64_t base_hpa, size_t pages)
      : host_(host), base_(base_hpa), pages_(pages) {}

  [[nodiscard]] std::optional<uint64_t> allocate_page() override;
  void free_page(uint64_t hpa) override;

  [[nodiscard]] size_t free_pages() const { return pages_ - used_; }
  [[nodiscard]] size_t used_pages() const { return used_; }

 private:
  static constexpr uint64_t no_page = ~0ull;

  HostMemory& host_;
  uint64_t base_;
  size_t pages_;
  size_t never_used_from_ = 0;  // pages [this, pages_) were never handed out
  size_t used_ = 0;
  uint64_t free_list_ = no_page;
};

}  // namespace gh::mmu
