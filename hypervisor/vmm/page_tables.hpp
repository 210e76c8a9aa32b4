// The hypervisor's own Sv39 page table (an identity map of the low 256 GiB plus the
// trampoline in the reserved window), and the window that every shadow root carries.
#pragma once

#include <cstdint>

namespace gh::vmm {

// Builds the hypervisor's table once; returns its satp value (0 when out of pages).
uint64_t build_vmm_page_table();

// Maps the window (trampoline code and this vCPU's trap frame) into a shadow root.
bool map_window(uint64_t root_pa, uint64_t frame_pa);

// Maps [va, va+size) to [pa, ...) with 2 MiB leaves; both must be 2 MiB aligned.
bool map_megapages(uint64_t root_pa, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags);

}  // namespace gh::vmm
