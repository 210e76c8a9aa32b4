#include "tae/page_table_snapshot.hpp"

#include "mmu/satp.hpp"
#include "riscv/csr.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::tae {
namespace {

namespace pte = riscv::pte;

constexpr unsigned entries_per_table = 512;

class Walker {
 public:
  Walker(VirtualMachine& vm, const PageTableRoot& table, PteVisitor& visitor)
      : vm_(vm), shadow_(table.shadow), levels_(table.levels), visitor_(visitor) {}

  bool table(uint64_t address, unsigned level, uint64_t va_base) {
    for (unsigned index = 0; index < entries_per_table; ++index) {
      const uint64_t pte_address = address + index * 8ull;
      const std::optional<uint64_t> entry = read(pte_address);
      if (!entry || (*entry & pte::v) == 0) continue;
      const uint64_t va = va_base | uint64_t{index} << (12 + 9 * level);
      if (!visitor_.visit({.level = static_cast<uint8_t>(level),
                           .index = static_cast<uint16_t>(index),
                           .va = sign_extend(va),
                           .pte_address = pte_address,
                           .pte = *entry})) {
        return false;
      }
      const bool pointer = (*entry & (pte::r | pte::w | pte::x)) == 0;
      if (pointer && level > 0 && !table(pte::pa(*entry), level - 1, va)) return false;
    }
    return true;
  }

 private:
  // Shadow tables are the hypervisor's own pages, reached only from a root it built.
  std::optional<uint64_t> read(uint64_t address) {
    if (shadow_) return mmu::load_word(vm_.host_memory().word(address));
    return vm_.walker_memory().read64(address);
  }

  uint64_t sign_extend(uint64_t va) const {
    const unsigned bits = 12 + 9 * levels_;
    return (va >> (bits - 1)) & 1 ? va | ~((1ull << bits) - 1) : va;
  }

  VirtualMachine& vm_;
  bool shadow_;
  unsigned levels_;
  PteVisitor& visitor_;
};

}  // namespace

std::optional<PageTableRoot> current_page_table(TaeVcpu& vcpu, bool shadow) {
  if (shadow) {
    if ((vcpu.host_satp() >> riscv::satp::mode_shift) == riscv::satp::mode_bare)
      return std::nullopt;
    return PageTableRoot{.root = (vcpu.host_satp() & riscv::satp::ppn_mask) << 12,
                         .levels = vcpu.shadow().tables().levels(),
                         .shadow = true};
  }
  const mmu::SatpFields satp = mmu::decode_satp(vcpu.hart().satp());
  if (!satp.mode_known || satp.mode == mmu::PagingMode::bare) return std::nullopt;
  return PageTableRoot{.root = satp.root_gpa, .levels = mmu::paging_levels(satp.mode)};
}

bool visit_page_table(VirtualMachine& vm, const PageTableRoot& table, PteVisitor& visitor) {
  if (table.levels == 0 || table.levels > 5) return true;
  return Walker(vm, table, visitor).table(table.root, table.levels - 1, 0);
}

}  // namespace gh::tae
