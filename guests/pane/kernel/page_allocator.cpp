#include "page_allocator.hpp"

#include "../common/string.hpp"
#include "memory_layout.hpp"
#include "printk.hpp"
#include "spinlock.hpp"

extern "C" char kernel_end[];  // first byte after the kernel image (kernel.ld)

namespace pane {
namespace {

struct FreePage {
  FreePage* next;
};

Spinlock allocator_lock{"page allocator"};
FreePage* free_list = nullptr;
uint64_t free_pages = 0;

}  // namespace

void page_allocator_init() {
  uint64_t first = page_round_up(reinterpret_cast<uint64_t>(kernel_end));
  for (uint64_t page = first; page + kPageSize <= kRamEnd; page += kPageSize) {
    free_page(reinterpret_cast<void*>(page));
  }
  printk("pane: %lu KiB of free memory\n", free_pages * kPageSize / 1024);
}

void* allocate_page() {
  acquire(allocator_lock);
  FreePage* page = free_list;
  if (page != nullptr) {
    free_list = page->next;
    free_pages--;
  }
  release(allocator_lock);
  if (page != nullptr) memset(page, 0, kPageSize);
  return page;
}

void free_page(void* page) {
  auto address = reinterpret_cast<uint64_t>(page);
  if (address % kPageSize != 0 || address < reinterpret_cast<uint64_t>(kernel_end) ||
      address >= kRamEnd) {
    panic("free_page: bad page %p", page);
  }
  auto* node = static_cast<FreePage*>(page);
  acquire(allocator_lock);
  node->next = free_list;
  free_list = node;
  free_pages++;
  release(allocator_lock);
}

uint64_t free_page_count() {
  acquire(allocator_lock);
  uint64_t count = free_pages;
  release(allocator_lock);
  return count;
}

}  // namespace pane
