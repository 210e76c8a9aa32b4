// The exit that never leaves the guest's address space. A kernel in virtual S-mode reads
// sstatus and clears or sets SIE around every spinlock (xv6's push_off/pop_off), reads
// scause/sepc/stval in its trap handlers, and each such CSR access traps. The full exit switches
// satp twice, and QEMU flushes its whole TLB at each switch; so the trampoline first offers the
// exit to this function, which runs from the trampoline page on the shadow's satp and handles the
// simple cases against copies of the guest's sstatus and of a few CSRs kept in the trap frame.
// Anything else (another CSR, any write but SIE's, setting SIE while an interrupt is
// pending) takes the full exit, which first folds the fast exits back into the virtual
// hart.
//
// Freestanding and header-only: the trampoline's copy must not call out of its page.
#pragma once

#include <cstdint>

#include "riscv/csr.hpp"

namespace gh::vcpu {
class VirtualHart;
}

namespace gh::tae {

// CSRs whose value only a full exit changes (a trap the hypervisor delivers, or the
// guest's own write, which always takes the full exit): their reads are answered from
// copies taken when the guest was entered. (Not satp: mstatus.TVM can make it illegal.)
inline constexpr riscv::Csr mirrored_csrs[] = {
    riscv::Csr::sie, riscv::Csr::sscratch, riscv::Csr::sepc, riscv::Csr::scause, riscv::Csr::stval};
inline constexpr unsigned mirrored_csr_count = sizeof(mirrored_csrs) / sizeof(mirrored_csrs[0]);

// Lives in the trap frame (vmm/trap_frame.h has its offsets).
struct FastExitState {
  uint64_t enabled = 0;            // 1: the next exits may take the fast path
  uint64_t sstatus = 0;            // the guest's sstatus as a CSR read returns it; SIE live
  uint64_t interrupt_pending = 0;  // 1: mip & mie != 0 at entry (setting SIE needs the VMM)
  uint64_t exits = 0;              // fast exits since the last full exit
  uint64_t mirrored[mirrored_csr_count] = {};  // values of mirrored_csrs at entry
};

// Takes the copies the fast path answers from (sstatus, pending interrupts, the mirrored
// CSRs) from `hart`, and clears the count; `enabled` is the caller's (tae_vcpu.cpp).
void copy_guest_state(const vcpu::VirtualHart& hart, FastExitState& fast);

// A CSR instruction's fields (the trapped bits of csrrw/csrrs/csrrc and their immediate
// forms); `operand` is rs1's value or the immediate.
struct CsrAccess {
  uint64_t csr;
  uint64_t op;  // 1 csrrw, 2 csrrs, 3 csrrc
  uint64_t rd;
  uint64_t operand;
};

[[gnu::always_inline]] inline bool decode_csr_access(const uint64_t* x, uint64_t insn,
                                                     CsrAccess& access) {
  constexpr uint64_t system_opcode = 0x73;
  if ((insn & 0x7F) != system_opcode) return false;
  const uint64_t funct3 = (insn >> 12) & 7;
  const uint64_t rs1 = (insn >> 15) & 31;
  access.csr = insn >> 20;
  access.op = funct3 & 3;
  access.rd = (insn >> 7) & 31;
  access.operand = (funct3 & 4) != 0 ? rs1 : (rs1 == 0 ? 0 : x[rs1]);
  return access.op == 2 || access.op == 3;  // csrrw always writes: the full exit
}

// sstatus: reads, and set/clear of SIE alone unless that makes an interrupt deliverable.
[[gnu::always_inline]] inline bool sstatus_fast(FastExitState& state, uint64_t* x,
                                                const CsrAccess& a, bool wrote_fp) {
  if (wrote_fp || (a.operand & ~riscv::mstatus::sie) != 0) return false;
  const uint64_t old = state.sstatus;
  const uint64_t next = a.op == 2 ? old | a.operand : old & ~a.operand;
  const bool enables = (old & riscv::mstatus::sie) == 0 && (next & riscv::mstatus::sie) != 0;
  if (enables && state.interrupt_pending != 0) return false;
  state.sstatus = next;
  if (a.rd != 0) x[a.rd] = old;
  return true;
}

// A mirrored CSR: reads only (csrrs/csrrc of nothing).
[[gnu::always_inline]] inline bool mirrored_read_fast(const FastExitState& state, uint64_t* x,
                                                      const CsrAccess& a) {
  if (a.operand != 0) return false;
  for (unsigned i = 0; i < mirrored_csr_count; ++i) {
    if (a.csr != riscv::csr_number(mirrored_csrs[i])) continue;
    if (a.rd != 0) x[a.rd] = state.mirrored[i];
    return true;
  }
  return false;
}

// Emulates the illegal-instruction exit of `insn` if the fast path can (above): writes rd,
// advances pc, keeps state.sstatus. `wrote_fp`: the guest wrote an FP register since it
// was entered (its FS is Dirty now, which only the full exit records). False: nothing
// changed, take the full exit.
[[gnu::always_inline]] inline bool emulate_fast_exit(FastExitState& state, uint64_t* x,
                                                     uint64_t& pc, uint64_t insn, bool wrote_fp) {
  CsrAccess access{};
  if (state.enabled == 0 || !decode_csr_access(x, insn, access)) return false;
  const bool done = access.csr == riscv::csr_number(riscv::Csr::sstatus)
                        ? sstatus_fast(state, x, access, wrote_fp)
                        : mirrored_read_fast(state, x, access);
  if (!done) return false;
  pc += 4;
  state.exits += 1;
  return true;
}

}  // namespace gh::tae
