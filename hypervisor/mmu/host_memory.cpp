#include "mmu/host_memory.hpp"

#include "mmu/paging.hpp"

namespace gh::mmu {

void zero_page(HostMemory& memory, uint64_t hpa) {
  for (uint64_t offset = 0; offset < page_size; offset += 8) *memory.word(hpa + offset) = 0;
}

}  // namespace gh::mmu
