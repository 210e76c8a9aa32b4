// One guest instruction run from a page of the hypervisor's own: how a vCPU executes an
// instruction on a page whose shadow mapping is kept non-executable (a hardware
// breakpoint is on it) without a byte of guest memory changing.
//
// The instruction is copied, with a c.ebreak right after it, into one of two host pages
// the vCPU owns, mapped execute-only at the instruction's guest-virtual page in the shadow
// it runs on (both, when the instruction straddles two pages; when it ends at the end of
// its page, the next page is unmapped instead). The guest runs it and exits at that
// c.ebreak, or earlier at any trap; a load or store of the instruction to its own page
// exits as well (the page is execute-only) and is emulated. The exit that ends the step
// takes the mapping away and puts back what the shadow mapped there before.
//
// Jumps and branches need no window: setting the pc and the link register executes them.
#pragma once

#include <array>
#include <cstdint>

#include "debug/vcpu_hart_ops.hpp"
#include "mmu/shadow_mmu.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::debug {

class StepWindow {
 public:
  enum class Outcome : uint8_t {
    armed,     // the window is set up: the guest runs the instruction from it
    executed,  // a jump or branch: done, the pc moved
    failed,    // no host page or shadow root for it: the caller runs the guest another way
  };

  // Runs the instruction at the vCPU's pc (on the vCPU's hart). `hart_ops` synchronises
  // instruction fetch after the copy (nullptr: nothing to do, host tests).
  Outcome arm(tae::TaeVcpu& vcpu, VcpuHartOps* hart_ops);
  bool armed() const { return armed_; }
  // The exit is the window's c.ebreak: the instruction has run.
  bool finished_at(uint64_t pc) const { return armed_ && end_planted_ && pc == end_; }
  // The vCPU is still before the instruction (an interrupt, or a shadow fill for the data
  // it accesses, came first): the window stays.
  bool pending(tae::TaeVcpu& vcpu) const;
  // Whether `gva` lies on a page the window maps (an access of the instruction to its own
  // page).
  bool covers(uint64_t gva) const;
  // Takes the window away, restoring the shadow's mappings it replaced that are still valid.
  void disarm(tae::TaeVcpu& vcpu);
  // The host-physical address of the window's own page `index` (0 or 1; 0: none yet).
  uint64_t own_page(unsigned index) const { return own_[index]; }

 private:
  struct Page {
    uint64_t va = 0;
    uint64_t leaf = 0;      // the window's shadow leaf (0: this page is not mapped)
    uint64_t previous = 0;  // the shadow leaf it replaced
  };
  struct Fetched;

  bool ensure_own_pages(tae::TaeVcpu& vcpu);
  bool map(tae::TaeVcpu& vcpu, uint64_t root, unsigned index, uint64_t va);
  bool set_up(tae::TaeVcpu& vcpu, const Fetched& fetched);

  std::array<uint64_t, 2> own_{};
  std::array<Page, 2> pages_{};
  mmu::AddressSpaceKey key_;
  mmu::ShadowView view_;
  uint64_t pc_ = 0;
  uint64_t end_ = 0;
  riscv::Privilege privilege_ = riscv::Privilege::machine;
  bool armed_ = false;
  bool end_planted_ = false;
};

}  // namespace gh::debug
