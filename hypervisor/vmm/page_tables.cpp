#include "vmm/page_tables.hpp"

#include "riscv/csr.hpp"
#include "vmm/page_pool.hpp"
#include "vmm/trap_frame.h"

extern "C" char trampoline_start[];

namespace gh::vmm {
namespace {

using namespace riscv;

constexpr uint64_t gigabyte = 1ull << 30;

uint64_t* table(uint64_t pa) { return reinterpret_cast<uint64_t*>(pa); }

uint64_t vpn(uint64_t va, int level) { return (va >> (12 + 9 * level)) & 0x1FF; }

// The next-level table under entry `index` of `table_pa`, created when missing.
uint64_t next_table(uint64_t table_pa, uint64_t index) {
  uint64_t& entry = table(table_pa)[index];
  if ((entry & pte::v) == 0) {
    uint64_t page = page_pool().allocate();
    if (page == 0) return 0;
    entry = pte::make(page, pte::v);
  }
  return pte::pa(entry);
}

bool map_page(uint64_t root_pa, uint64_t va, uint64_t pa, uint64_t flags) {
  uint64_t l1 = next_table(root_pa, vpn(va, 2));
  uint64_t l0 = l1 ? next_table(l1, vpn(va, 1)) : 0;
  if (l0 == 0) return false;
  table(l0)[vpn(va, 0)] = pte::make(pa, flags | pte::v);
  return true;
}

constexpr uint64_t trampoline_flags = pte::r | pte::x | pte::a;
constexpr uint64_t frame_flags = pte::r | pte::w | pte::a | pte::d;

}  // namespace

uint64_t build_vmm_page_table() {
  uint64_t root = page_pool().allocate();
  if (root == 0) return 0;
  for (uint64_t i = 0; i < 256; ++i) {
    table(root)[i] =
        pte::make(i * gigabyte, pte::v | pte::r | pte::w | pte::x | pte::a | pte::d | pte::g);
  }
  if (!map_page(root, GH_WINDOW_TRAMPOLINE_VA, reinterpret_cast<uint64_t>(trampoline_start),
                trampoline_flags)) {
    return 0;
  }
  return satp::make(satp::mode_sv39, 0, root);
}

bool map_window_table(uint64_t table_pa, uint64_t frame_pa) {
  table(table_pa)[vpn(GH_WINDOW_TRAMPOLINE_VA, 0)] =
      pte::make(reinterpret_cast<uint64_t>(trampoline_start), trampoline_flags | pte::v);
  table(table_pa)[vpn(GH_WINDOW_FRAME_VA, 0)] = pte::make(frame_pa, frame_flags | pte::v);
  return true;
}

}  // namespace gh::vmm
