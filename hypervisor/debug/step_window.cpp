#include "debug/step_window.hpp"

#include "riscv/next_pc.hpp"

namespace gh::debug {
namespace {

namespace pte = riscv::pte;

constexpr uint64_t page_size = 4096;
constexpr uint64_t c_ebreak = 0x9002;
constexpr uint64_t window_flags = pte::v | pte::u | pte::a | pte::d | pte::x;  // execute-only
constexpr uint64_t leaf_flag_bits = (uint64_t{1} << pte::ppn_shift) - 1;

uint64_t page_of(uint64_t va) { return va & ~(page_size - 1); }

void put_bytes(mmu::HostMemory& host, uint64_t hpa, uint64_t value, unsigned size) {
  for (unsigned i = 0; i < size; ++i) {
    const uint64_t at = hpa + i;
    uint64_t* word = host.word(at & ~uint64_t{7});
    const unsigned shift = static_cast<unsigned>(at & 7) * 8;
    *word = (*word & ~(uint64_t{0xff} << shift)) | ((value >> (8 * i)) & 0xff) << shift;
  }
}

// The guest's fetch from `va`, with A set as the hart's fetch would.
mmu::Walk fetch_walk(tae::TaeVcpu& vcpu, uint64_t va) {
  vcpu::VirtualHart& hart = vcpu.hart();
  auto context = mmu::translation_context(hart.privilege(), hart.mstatus(), hart.satp(),
                                          mmu::AccessType::fetch);
  return mmu::walk_guest_page_table(context, va, mmu::AccessType::fetch, vcpu.vm().walker_memory(),
                                    {true, &vcpu.events()});
}

bool fetches_ram(const mmu::Walk& walk) {
  return walk.ok() && walk.region.kind == mmu::RegionKind::ram;
}

}  // namespace

// The instruction at the pc as the guest's fetch finds it in guest RAM.
struct StepWindow::Fetched {
  mmu::Walk low;
  uint32_t bits = 0;
  unsigned length = 2;
  bool high_fetched = false;  // a 4-byte instruction's upper parcel could be read
};

StepWindow::Outcome StepWindow::arm(tae::TaeVcpu& vcpu, VcpuHartOps* hart_ops) {
  const uint64_t pc = vcpu.state().pc;
  tae::GuestRam& ram = vcpu.vm().ram();
  Fetched fetched;
  fetched.low = fetch_walk(vcpu, pc);
  if (!fetches_ram(fetched.low)) return Outcome::failed;
  auto low = ram.read(fetched.low.gpa, 2);
  if (!low) return Outcome::failed;
  fetched.bits = static_cast<uint32_t>(*low);
  fetched.length = riscv::instruction_length(static_cast<uint16_t>(*low));
  if (fetched.length == 4) {
    const bool same_page = page_of(pc + 2) == page_of(pc);
    const mmu::Walk high_walk = same_page ? fetched.low : fetch_walk(vcpu, pc + 2);
    const uint64_t high_gpa = same_page ? fetched.low.gpa + 2 : high_walk.gpa;
    auto high = fetches_ram(high_walk) ? ram.read(high_gpa, 2) : std::nullopt;
    if (high) fetched.bits |= static_cast<uint32_t>(*high) << 16;
    fetched.high_fetched = high.has_value();
  }
  const bool complete = fetched.length == 2 || fetched.high_fetched;
  if (complete && riscv::control_transfer(fetched.bits).transfers) {
    const riscv::ControlTransfer transfer = riscv::control_transfer(fetched.bits);
    tae::GuestCpuState& state = vcpu.state();
    const uint64_t next = riscv::next_pc(fetched.bits, pc, state.x);
    if (transfer.link != 0) state.x[transfer.link] = pc + fetched.length;
    state.pc = next;
    return Outcome::executed;
  }
  if (!ensure_own_pages(vcpu) || !set_up(vcpu, fetched)) {
    disarm(vcpu);
    return Outcome::failed;
  }
  if (hart_ops != nullptr) hart_ops->sync_instruction_fetch();  // the copy is code now
  return Outcome::armed;
}

bool StepWindow::ensure_own_pages(tae::TaeVcpu& vcpu) {
  for (uint64_t& page : own_) {
    if (page != 0) continue;
    auto fresh = vcpu.pages().allocate_page();
    if (!fresh) return false;
    page = *fresh;
  }
  return true;
}

bool StepWindow::map(tae::TaeVcpu& vcpu, uint64_t root, unsigned index, uint64_t va) {
  if (mmu::in_hypervisor_window(va)) return false;
  mmu::ShadowPageTables& tables = vcpu.shadow().tables();
  Page& page = pages_[index];
  page.va = va;
  page.previous = tables.leaf(root, va);
  if (tables.map_page(root, va, own_[index], window_flags) != mmu::ShadowStatus::ok) return false;
  page.leaf = tables.leaf(root, va);
  return true;
}

bool StepWindow::set_up(tae::TaeVcpu& vcpu, const Fetched& fetched) {
  vcpu::VirtualHart& hart = vcpu.hart();
  key_ = mmu::address_space_of(fetched.low);
  view_ = mmu::shadow_view(hart.privilege(), hart.mstatus());
  const std::optional<uint64_t> root = vcpu.shadow().root_of(key_, view_);
  if (!root) return false;
  armed_ = true;  // from here on disarm() undoes what is set up
  pc_ = vcpu.state().pc;
  privilege_ = hart.privilege();
  end_ = pc_ + fetched.length;
  const uint64_t first = page_of(pc_);
  if (!map(vcpu, *root, 0, first)) return false;
  mmu::HostMemory& host = vcpu.vm().host_memory();
  if (page_of(end_ - 1) == first) {
    put_bytes(host, own_[0] + (pc_ - first), fetched.bits, fetched.length);
  } else {  // straddles: the upper parcel on the next page, if the guest can fetch it
    put_bytes(host, own_[0] + (pc_ - first), fetched.bits, 2);
    if (fetched.high_fetched) {
      if (!map(vcpu, *root, 1, first + page_size)) return false;
      put_bytes(host, own_[1], fetched.bits >> 16, 2);
    }
  }
  // The c.ebreak after the instruction; where the window has no page, nothing may run.
  const uint64_t end_page = page_of(end_);
  for (unsigned index = 0; index < pages_.size(); ++index) {
    if (pages_[index].leaf == 0 || pages_[index].va != end_page) continue;
    put_bytes(host, own_[index] + (end_ - end_page), c_ebreak, 2);
    end_planted_ = true;
  }
  if (!end_planted_ && !mmu::in_hypervisor_window(end_page)) {
    vcpu.shadow().tables().unmap_page(*root, end_page);
  }
  return true;
}

bool StepWindow::pending(tae::TaeVcpu& vcpu) const {
  return armed_ && vcpu.state().pc == pc_ && vcpu.hart().privilege() == privilege_;
}

bool StepWindow::covers(uint64_t gva) const {
  if (!armed_) return false;
  for (const Page& page : pages_) {
    if (page.leaf != 0 && page.va == page_of(gva)) return true;
  }
  return false;
}

void StepWindow::disarm(tae::TaeVcpu& vcpu) {
  if (!armed_) return;
  if (const std::optional<uint64_t> root = vcpu.shadow().root_of(key_, view_)) {
    mmu::ShadowPageTables& tables = vcpu.shadow().tables();
    for (const Page& page : pages_) {
      // Gone already (a fence or flush dropped it): what it replaced may be stale too.
      if (page.leaf == 0 || tables.leaf(*root, page.va) != page.leaf) continue;
      if ((page.previous & pte::v) == 0) {
        tables.unmap_page(*root, page.va);
      } else {
        (void)tables.map_page(*root, page.va, pte::pa(page.previous),
                              page.previous & leaf_flag_bits);
      }
    }
  }
  pages_ = {};
  armed_ = false;
  end_planted_ = false;
}

}  // namespace gh::debug
