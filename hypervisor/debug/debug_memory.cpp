#include "debug/debug_memory.hpp"

namespace gh::debug {
namespace {

constexpr uint64_t page_size = 4096;

riscv::Privilege inspection_privilege(riscv::Privilege mode) {
  return mode == riscv::Privilege::user ? riscv::Privilege::supervisor : mode;
}

}  // namespace

mmu::Walk DebugMemory::walk(tae::TaeVcpu& vcpu, uint64_t gva) const {
  vcpu::VirtualHart& hart = vcpu.hart();
  const uint64_t mstatus =
      (hart.mstatus() & ~riscv::mstatus::mprv) | riscv::mstatus::sum | riscv::mstatus::mxr;
  auto context = mmu::translation_context(inspection_privilege(hart.privilege()), mstatus,
                                          hart.satp(), mmu::AccessType::load);
  return mmu::walk_guest_page_table(context, gva, mmu::AccessType::load, vm_.walker_memory(),
                                    {false, nullptr});
}

std::optional<uint64_t> DebugMemory::ram_gpa(tae::TaeVcpu& vcpu, uint64_t address) const {
  uint64_t gpa = address;
  if (space_ == AddressSpace::guest_virtual) {
    mmu::Walk w = walk(vcpu, address);
    if (!w.ok()) return std::nullopt;
    gpa = w.gpa;
  }
  if (vm_.memory_map().lookup(gpa).kind != mmu::RegionKind::ram) return std::nullopt;
  return gpa;
}

std::optional<uint64_t> DebugMemory::fetch_gpa(tae::TaeVcpu& vcpu, uint64_t pc) const {
  vcpu::VirtualHart& hart = vcpu.hart();
  auto context = mmu::translation_context(hart.privilege(), hart.mstatus(), hart.satp(),
                                          mmu::AccessType::fetch);
  mmu::Walk w = mmu::walk_guest_page_table(context, pc, mmu::AccessType::fetch, vm_.walker_memory(),
                                           {false, nullptr});
  if (!w.ok() || w.region.kind != mmu::RegionKind::ram) return std::nullopt;
  return w.gpa;
}

// Calls chunk(gpa, offset, length) for each page-bounded piece, after checking that
// every piece is guest RAM.
template <typename Chunk>
bool DebugMemory::for_each_page(tae::TaeVcpu& vcpu, uint64_t address, size_t length,
                                Chunk&& chunk) const {
  for (int pass = 0; pass < 2; ++pass) {
    size_t done = 0;
    while (done < length) {
      const uint64_t at = address + done;
      const size_t piece = static_cast<size_t>(page_size - (at % page_size)) < length - done
                               ? static_cast<size_t>(page_size - (at % page_size))
                               : length - done;
      auto gpa = ram_gpa(vcpu, at);
      if (!gpa) return false;
      // Guest RAM regions are page-aligned, so a page is RAM to its end.
      if (pass == 1) chunk(*gpa, done, piece);
      done += piece;
    }
  }
  return true;
}

bool DebugMemory::read(tae::TaeVcpu& vcpu, uint64_t address, std::span<uint8_t> out) const {
  return for_each_page(vcpu, address, out.size(), [&](uint64_t gpa, size_t offset, size_t n) {
    (void)vm_.ram().read_within_page(gpa, out.subspan(offset, n));  // RAM: checked before
    breakpoints_.hide(gpa, out.subspan(offset, n));
  });
}

bool DebugMemory::write(tae::TaeVcpu& vcpu, uint64_t address, std::span<const uint8_t> bytes) {
  return for_each_page(vcpu, address, bytes.size(), [&](uint64_t gpa, size_t offset, size_t n) {
    breakpoints_.write_through(gpa, bytes.subspan(offset, n));
  });
}

}  // namespace gh::debug
