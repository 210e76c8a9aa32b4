// The exit that never leaves the guest's address space. A kernel in virtual S-mode reads
// sstatus and clears or sets SIE around every spinlock (xv6's push_off/pop_off), and each
// such CSR access traps. The full exit switches satp twice, and QEMU flushes its whole
// TLB at each switch; so the trampoline first offers the exit to this function, which
// runs from the trampoline page on the shadow's satp and handles the simple cases
// against a copy of the guest's sstatus kept in the trap frame. Anything else (another
// CSR, a write of bits other than SIE, setting SIE while an interrupt is pending) takes
// the full exit, which first folds the fast exits back into the virtual hart.
//
// Freestanding and header-only: the trampoline's copy must not call out of its page.
#pragma once

#include <cstdint>

#include "riscv/csr.hpp"

namespace gh::tae {

// Lives in the trap frame (vmm/trap_frame.h has its offsets).
struct FastExitState {
  uint64_t enabled = 0;            // 1: the next exits may take the fast path
  uint64_t sstatus = 0;            // the guest's sstatus as a CSR read returns it; SIE live
  uint64_t interrupt_pending = 0;  // 1: mip & mie != 0 at entry (setting SIE needs the VMM)
  uint64_t exits = 0;              // fast exits since the last full exit
};

// Emulates the illegal-instruction exit of `insn` if it is a CSR instruction on sstatus
// that at most changes SIE and makes no interrupt deliverable: writes rd, advances pc,
// keeps state.sstatus. `wrote_fp`: the guest wrote an FP register since it was entered
// (its FS is Dirty now, which only the full exit records). False: nothing changed, take
// the full exit.
[[gnu::always_inline]] inline bool emulate_sstatus_fast(FastExitState& state, uint64_t* x,
                                                        uint64_t& pc, uint64_t insn,
                                                        bool wrote_fp) {
  constexpr uint64_t system_opcode = 0x73;
  if (state.enabled == 0 || wrote_fp || (insn & 0x7F) != system_opcode) return false;
  if ((insn >> 20) != riscv::csr_number(riscv::Csr::sstatus)) return false;
  const uint64_t funct3 = (insn >> 12) & 7;
  const uint64_t rd = (insn >> 7) & 31;
  const uint64_t rs1 = (insn >> 15) & 31;
  const bool immediate = (funct3 & 4) != 0;
  const uint64_t op = funct3 & 3;  // 1 csrrw, 2 csrrs, 3 csrrc
  if (op != 2 && op != 3) return false;
  const uint64_t operand = immediate ? rs1 : (rs1 == 0 ? 0 : x[rs1]);
  if ((operand & ~riscv::mstatus::sie) != 0) return false;
  const uint64_t old = state.sstatus;
  const uint64_t next = op == 2 ? old | operand : old & ~operand;
  const bool enables = (old & riscv::mstatus::sie) == 0 && (next & riscv::mstatus::sie) != 0;
  if (enables && state.interrupt_pending != 0) return false;
  state.sstatus = next;
  if (rd != 0) x[rd] = old;
  pc += 4;
  state.exits += 1;
  return true;
}

}  // namespace gh::tae
