#include "virtual_memory.hpp"

#include "../common/string.hpp"
#include "memory_layout.hpp"
#include "page_allocator.hpp"
#include "printk.hpp"
#include "riscv.hpp"

extern "C" char kernel_text_end[];   // kernel.ld
extern "C" char trampoline_start[];  // trampoline.S, in a page of its own

namespace pane {
namespace {

PageTable kernel_table;

constexpr uint64_t pte_to_pa(Pte pte) { return (pte >> 10) << 12; }
constexpr Pte pa_to_pte(uint64_t pa) { return (pa >> 12) << 10; }
constexpr uint64_t table_index(uint64_t va, int level) { return (va >> (12 + 9 * level)) & 0x1ff; }
constexpr Pte kPteFlags = kPteValid | kPteRead | kPteWrite | kPteExecute | kPteUser;

void map_or_panic(uint64_t va, uint64_t size, uint64_t pa, Pte permissions) {
  if (!map_range(kernel_table, va, size, pa, permissions)) panic("kernel page table: no memory");
}

// Frees the table pages themselves; every leaf must already be unmapped.
void free_table_pages(PageTable table) {
  for (int i = 0; i < 512; i++) {
    Pte pte = table[i];
    if (!(pte & kPteValid)) continue;
    if (pte & (kPteRead | kPteWrite | kPteExecute)) panic("free_table_pages: leaf still mapped");
    free_table_pages(reinterpret_cast<PageTable>(pte_to_pa(pte)));
  }
  free_page(table);
}

// The user-accessible physical address behind va, or 0. `needed` flags must be set.
uint64_t user_physical(PageTable table, uint64_t va, Pte needed) {
  if (va >= kMaxVirtualAddress) return 0;
  Pte* pte = find_pte(table, va, false);
  if (pte == nullptr) return 0;
  Pte want = kPteValid | kPteUser | needed;
  if ((*pte & want) != want) return 0;
  return pte_to_pa(*pte) + (va % kPageSize);
}

}  // namespace

bool copy_to_user(PageTable table, uint64_t dst_va, const void* src, uint64_t n, Pte needed);

void kernel_page_table_init() {
  kernel_table = static_cast<PageTable>(allocate_page());
  auto text_end = reinterpret_cast<uint64_t>(kernel_text_end);
  map_or_panic(kFinisher, kPageSize, kFinisher, kPteRead | kPteWrite);
  map_or_panic(kPlic, kPlicSize, kPlic, kPteRead | kPteWrite);
  map_or_panic(kUart, kPageSize, kUart, kPteRead | kPteWrite);
  map_or_panic(kVirtioDisk, kPageSize, kVirtioDisk, kPteRead | kPteWrite);
  map_or_panic(kRamStart, text_end - kRamStart, kRamStart, kPteRead | kPteExecute);
  map_or_panic(text_end, kRamEnd - text_end, text_end, kPteRead | kPteWrite);
  map_or_panic(kTrampoline, kPageSize, reinterpret_cast<uint64_t>(trampoline_start),
               kPteRead | kPteExecute);
}

uint64_t kernel_satp() { return riscv::make_satp(reinterpret_cast<uint64_t>(kernel_table)); }

void kernel_page_table_install() {
  riscv::flush_tlb();  // finish any earlier stores to page tables
  riscv::write_satp(kernel_satp());
  riscv::flush_tlb();  // drop translations made under the old table
}

Pte* find_pte(PageTable table, uint64_t va, bool create) {
  if (va >= kMaxVirtualAddress) return nullptr;
  for (int level = 2; level > 0; level--) {
    Pte* pte = &table[table_index(va, level)];
    if (*pte & kPteValid) {
      table = reinterpret_cast<PageTable>(pte_to_pa(*pte));
      continue;
    }
    if (!create) return nullptr;
    table = static_cast<PageTable>(allocate_page());
    if (table == nullptr) return nullptr;
    *pte = pa_to_pte(reinterpret_cast<uint64_t>(table)) | kPteValid;
  }
  return &table[table_index(va, 0)];
}

bool map_range(PageTable table, uint64_t va, uint64_t size, uint64_t pa, Pte permissions) {
  if (va % kPageSize != 0 || size % kPageSize != 0 || size == 0) panic("map_range: unaligned");
  for (uint64_t offset = 0; offset < size; offset += kPageSize) {
    Pte* pte = find_pte(table, va + offset, true);
    if (pte == nullptr) return false;
    if (*pte & kPteValid) panic("map_range: %p already mapped", (void*)(va + offset));
    *pte = pa_to_pte(pa + offset) | permissions | kPteValid;
  }
  return true;
}

void unmap_range(PageTable table, uint64_t va, uint64_t pages, bool free_frames) {
  for (uint64_t i = 0; i < pages; i++) {
    Pte* pte = find_pte(table, va + i * kPageSize, false);
    if (pte == nullptr || !(*pte & kPteValid)) panic("unmap_range: not mapped");
    if (free_frames) free_page(reinterpret_cast<void*>(pte_to_pa(*pte)));
    *pte = 0;
  }
}

PageTable user_space_create(uint64_t trapframe_pa) {
  auto table = static_cast<PageTable>(allocate_page());
  if (table == nullptr) return nullptr;
  bool mapped = map_range(table, kTrampoline, kPageSize,
                          reinterpret_cast<uint64_t>(trampoline_start), kPteRead | kPteExecute) &&
                map_range(table, kTrapframe, kPageSize, trapframe_pa, kPteRead | kPteWrite);
  if (!mapped) {
    // Unwind whichever of the two mappings succeeded, then the table pages.
    const uint64_t tops[] = {kTrampoline, kTrapframe};
    for (uint64_t va : tops) {
      Pte* pte = find_pte(table, va, false);
      if (pte != nullptr) *pte = 0;
    }
    free_table_pages(table);
    return nullptr;
  }
  return table;
}

void user_space_free(PageTable table, uint64_t size) {
  unmap_range(table, kTrampoline, 1, false);
  unmap_range(table, kTrapframe, 1, false);
  unmap_range(table, 0, page_round_up(size) / kPageSize, true);
  free_table_pages(table);
}

uint64_t user_space_grow(PageTable table, uint64_t old_size, uint64_t new_size, Pte permissions) {
  if (new_size <= old_size) return old_size;
  if (new_size > kTrapframe) return 0;
  for (uint64_t va = page_round_up(old_size); va < new_size; va += kPageSize) {
    void* frame = allocate_page();
    if (frame == nullptr || !map_range(table, va, kPageSize, reinterpret_cast<uint64_t>(frame),
                                       permissions | kPteUser)) {
      if (frame != nullptr) free_page(frame);
      user_space_shrink(table, va, old_size);
      return 0;
    }
  }
  return new_size;
}

uint64_t user_space_shrink(PageTable table, uint64_t old_size, uint64_t new_size) {
  if (new_size >= old_size) return old_size;
  uint64_t first = page_round_up(new_size);
  uint64_t end = page_round_up(old_size);
  if (first < end) unmap_range(table, first, (end - first) / kPageSize, true);
  return new_size;
}

bool user_space_copy(PageTable from, PageTable to, uint64_t size) {
  for (uint64_t va = 0; va < size; va += kPageSize) {
    Pte* source = find_pte(from, va, false);
    if (source == nullptr || !(*source & kPteValid)) panic("user_space_copy: hole");
    void* frame = allocate_page();
    if (frame == nullptr) {
      user_space_shrink(to, va, 0);
      return false;
    }
    memmove(frame, reinterpret_cast<void*>(pte_to_pa(*source)), kPageSize);
    if (!map_range(to, va, kPageSize, reinterpret_cast<uint64_t>(frame), *source & kPteFlags)) {
      free_page(frame);
      user_space_shrink(to, va, 0);
      return false;
    }
  }
  return true;
}

void user_space_forbid(PageTable table, uint64_t va) {
  Pte* pte = find_pte(table, va, false);
  if (pte == nullptr) panic("user_space_forbid: not mapped");
  *pte &= ~kPteUser;
}

bool copy_out(PageTable table, uint64_t dst_va, const void* src, uint64_t n) {
  return copy_to_user(table, dst_va, src, n, kPteWrite);
}

bool copy_into_program(PageTable table, uint64_t dst_va, const void* src, uint64_t n) {
  return copy_to_user(table, dst_va, src, n, 0);
}

bool copy_to_user(PageTable table, uint64_t dst_va, const void* src, uint64_t n, Pte needed) {
  const auto* from = static_cast<const char*>(src);
  while (n > 0) {
    uint64_t pa = user_physical(table, dst_va, needed);
    if (pa == 0) return false;
    uint64_t chunk = kPageSize - dst_va % kPageSize;
    if (chunk > n) chunk = n;
    memmove(reinterpret_cast<void*>(pa), from, chunk);
    n -= chunk, from += chunk, dst_va += chunk;
  }
  return true;
}

bool copy_in(PageTable table, void* dst, uint64_t src_va, uint64_t n) {
  auto* to = static_cast<char*>(dst);
  while (n > 0) {
    uint64_t pa = user_physical(table, src_va, kPteRead);
    if (pa == 0) return false;
    uint64_t chunk = kPageSize - src_va % kPageSize;
    if (chunk > n) chunk = n;
    memmove(to, reinterpret_cast<void*>(pa), chunk);
    n -= chunk, to += chunk, src_va += chunk;
  }
  return true;
}

bool copy_in_string(PageTable table, char* dst, uint64_t src_va, uint64_t max) {
  for (uint64_t i = 0; i < max; i++) {
    uint64_t pa = user_physical(table, src_va + i, kPteRead);
    if (pa == 0) return false;
    dst[i] = *reinterpret_cast<const char*>(pa);
    if (dst[i] == '\0') return true;
  }
  return false;  // no terminating NUL within max bytes
}

}  // namespace pane
