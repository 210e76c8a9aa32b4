// The fast exit's code in the trampoline page (mapped at the same window address in the
// hypervisor's table and in every shadow root): trampoline.S calls it on the shadow's
// satp with the frame's window address. It must not reach anything outside that page:
// everything it needs is inlined (tae/fast_exit.hpp), and the file is built without jump
// tables or stack protection.
#include "riscv/csr.hpp"
#include "vmm/vm.hpp"

extern "C" [[gnu::section(".trampoline")]] bool vmm_fast_exit(gh::vmm::TrapFrame* frame,
                                                              uint64_t instruction,
                                                              uint64_t host_sstatus) {
  constexpr uint64_t fs = gh::riscv::mstatus::fs;
  return gh::tae::emulate_fast_exit(frame->fast, frame->guest.x.data(), frame->guest.pc,
                                       instruction, (host_sstatus & fs) == fs);
}
