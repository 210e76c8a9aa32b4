// The hypervisor's own Sv39 page table (an identity map of the low 256 GiB plus the
// trampoline in the reserved window), and the window that every shadow root carries.
#pragma once

#include <cstdint>

namespace gh::vmm {

// Builds the hypervisor's table once; returns its satp value (0 when out of pages).
uint64_t build_vmm_page_table();

// Fills a vCPU's level-0 window table (the last 2 MiB of the address space): the
// trampoline's code page and the vCPU's trap frame, neither reachable from U-mode. Every
// shadow root of the vCPU points at this table for the window.
bool map_window_table(uint64_t table_pa, uint64_t frame_pa);

}  // namespace gh::vmm
