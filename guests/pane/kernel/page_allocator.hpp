// The physical page allocator: every 4 KiB page of RAM after the kernel image, kept
// on a free list threaded through the free pages themselves.
#pragma once

#include <cstdint>

namespace pane {

void page_allocator_init();
void* allocate_page();  // a zeroed page, or nullptr when memory is exhausted
void free_page(void* page);
uint64_t free_page_count();

}  // namespace pane
