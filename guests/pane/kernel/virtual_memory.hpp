// Sv39 page tables: building them, switching to them, and moving bytes between the
// kernel and a user address space with every permission checked.
//
// An Sv39 virtual address has three 9-bit indexes (bits 38..30, 29..21, 20..12) into
// three levels of 512-entry tables, then a 12-bit offset. A page-table entry (PTE)
// holds a physical page number (bits 53..10) and flags (bits 7..0). Pane leaves the
// Accessed and Dirty flags clear: the hardware sets them on first use.
#pragma once

#include <cstdint>

namespace pane {

using Pte = uint64_t;
using PageTable = Pte*;  // one page: 512 entries

constexpr Pte kPteValid = 1 << 0;
constexpr Pte kPteRead = 1 << 1;
constexpr Pte kPteWrite = 1 << 2;
constexpr Pte kPteExecute = 1 << 3;
constexpr Pte kPteUser = 1 << 4;

// The kernel's own page table, shared by all harts.
void kernel_page_table_init();
void kernel_page_table_install();  // on this hart: satp = kernel table
uint64_t kernel_satp();

// Low-level operations on any table.
Pte* find_pte(PageTable table, uint64_t va, bool create);
bool map_range(PageTable table, uint64_t va, uint64_t size, uint64_t pa, Pte permissions);
void unmap_range(PageTable table, uint64_t va, uint64_t pages, bool free_frames);

// User address spaces: [0, size) plus the trampoline and trapframe pages at the top.
PageTable user_space_create(uint64_t trapframe_pa);
void user_space_free(PageTable table, uint64_t size);
// Returns the new size, or 0 when memory ran out (nothing is left half-grown).
uint64_t user_space_grow(PageTable table, uint64_t old_size, uint64_t new_size, Pte permissions);
uint64_t user_space_shrink(PageTable table, uint64_t old_size, uint64_t new_size);
bool user_space_copy(PageTable from, PageTable to, uint64_t size);
void user_space_forbid(PageTable table, uint64_t va);  // make a page a guard page

// Copies that return false (and copy nothing more) at the first address the user may
// not access that way: unmapped, kernel-only, read-only for copy_out, or >= 2^38.
bool copy_out(PageTable table, uint64_t dst_va, const void* src, uint64_t n);
bool copy_in(PageTable table, void* dst, uint64_t src_va, uint64_t n);
bool copy_in_string(PageTable table, char* dst, uint64_t src_va, uint64_t max);
// For exec() only: fills a new program's pages, read-only ones included.
bool copy_into_program(PageTable table, uint64_t dst_va, const void* src, uint64_t n);

}  // namespace pane
