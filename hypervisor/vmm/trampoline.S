/* Guest <-> hypervisor switch. This page is mapped at GH_WINDOW_TRAMPOLINE_VA both in
 * the hypervisor's page table and in every shadow root, so it keeps running across the
 * satp switch. It must be position independent. */
#include "trap_frame.h"

.section .trampoline, "ax"
/* (link.ld starts the output section on a page; this file's code comes first in it) */

/* stvec while a guest runs. sscratch holds the frame's window address. */
.globl trampoline_guest_trap
trampoline_guest_trap:
  csrrw a0, sscratch, a0
  sd x1, GH_FRAME_X(1)(a0)
  sd x2, GH_FRAME_X(2)(a0)
  sd x3, GH_FRAME_X(3)(a0)
  sd x4, GH_FRAME_X(4)(a0)
  sd x5, GH_FRAME_X(5)(a0)
  sd x6, GH_FRAME_X(6)(a0)
  sd x7, GH_FRAME_X(7)(a0)
  sd x8, GH_FRAME_X(8)(a0)
  sd x9, GH_FRAME_X(9)(a0)
  sd x11, GH_FRAME_X(11)(a0)
  sd x12, GH_FRAME_X(12)(a0)
  sd x13, GH_FRAME_X(13)(a0)
  sd x14, GH_FRAME_X(14)(a0)
  sd x15, GH_FRAME_X(15)(a0)
  sd x16, GH_FRAME_X(16)(a0)
  sd x17, GH_FRAME_X(17)(a0)
  sd x18, GH_FRAME_X(18)(a0)
  sd x19, GH_FRAME_X(19)(a0)
  sd x20, GH_FRAME_X(20)(a0)
  sd x21, GH_FRAME_X(21)(a0)
  sd x22, GH_FRAME_X(22)(a0)
  sd x23, GH_FRAME_X(23)(a0)
  sd x24, GH_FRAME_X(24)(a0)
  sd x25, GH_FRAME_X(25)(a0)
  sd x26, GH_FRAME_X(26)(a0)
  sd x27, GH_FRAME_X(27)(a0)
  sd x28, GH_FRAME_X(28)(a0)
  sd x29, GH_FRAME_X(29)(a0)
  sd x30, GH_FRAME_X(30)(a0)
  sd x31, GH_FRAME_X(31)(a0)
  csrr t0, sscratch
  sd t0, GH_FRAME_X(10)(a0)
  csrr t0, sepc
  sd t0, GH_FRAME_PC(a0)
  /* The fast exit (tae/fast_exit.hpp): an illegal instruction it can emulate goes back
   * to the guest without leaving the shadow's address space. It runs on a stack at the
   * top of the frame's page; every register it clobbers is restored from the frame. */
  ld t0, GH_FRAME_FAST_ENABLED(a0)
  beqz t0, 1f
  csrr t0, scause
  li t1, 2
  bne t0, t1, 1f
  mv s1, a0
  li t0, GH_FRAME_FAST_STACK_TOP
  add sp, a0, t0
  csrr a1, stval
  csrr a2, sstatus
  call vmm_fast_exit
  mv t0, a0
  mv a0, s1
  bnez t0, trampoline_resume_guest
1:
  ld sp, GH_FRAME_VMM_SP(a0)
  ld tp, GH_FRAME_VMM_TP(a0)
  ld t0, GH_FRAME_VMM_SATP(a0)
  ld t1, GH_FRAME_VMM_HANDLER(a0)
  ld t2, GH_FRAME_VMM_STVEC(a0)
  ld a0, GH_FRAME_SELF(a0)
  csrw satp, t0
  sfence.vma zero, zero
  csrw stvec, t2
  jr t1

/* void trampoline_enter_guest(uint64_t frame_window_va, uint64_t shadow_satp)
 * Called at its window address with the hypervisor's page table active; sstatus.SPP
 * and SPIE are already set for the return to host U-mode. Does not return. */
.globl trampoline_enter_guest
trampoline_enter_guest:
  csrw satp, a1
  sfence.vma zero, zero
  ld t0, GH_FRAME_GUEST_STVEC(a0)
  csrw stvec, t0
/* Back to the guest from a fast exit: satp and stvec are already the guest's. */
trampoline_resume_guest:
  ld t0, GH_FRAME_PC(a0)
  csrw sepc, t0
  csrw sscratch, a0
  ld x1, GH_FRAME_X(1)(a0)
  ld x2, GH_FRAME_X(2)(a0)
  ld x3, GH_FRAME_X(3)(a0)
  ld x4, GH_FRAME_X(4)(a0)
  ld x5, GH_FRAME_X(5)(a0)
  ld x6, GH_FRAME_X(6)(a0)
  ld x7, GH_FRAME_X(7)(a0)
  ld x8, GH_FRAME_X(8)(a0)
  ld x9, GH_FRAME_X(9)(a0)
  ld x11, GH_FRAME_X(11)(a0)
  ld x12, GH_FRAME_X(12)(a0)
  ld x13, GH_FRAME_X(13)(a0)
  ld x14, GH_FRAME_X(14)(a0)
  ld x15, GH_FRAME_X(15)(a0)
  ld x16, GH_FRAME_X(16)(a0)
  ld x17, GH_FRAME_X(17)(a0)
  ld x18, GH_FRAME_X(18)(a0)
  ld x19, GH_FRAME_X(19)(a0)
  ld x20, GH_FRAME_X(20)(a0)
  ld x21, GH_FRAME_X(21)(a0)
  ld x22, GH_FRAME_X(22)(a0)
  ld x23, GH_FRAME_X(23)(a0)
  ld x24, GH_FRAME_X(24)(a0)
  ld x25, GH_FRAME_X(25)(a0)
  ld x26, GH_FRAME_X(26)(a0)
  ld x27, GH_FRAME_X(27)(a0)
  ld x28, GH_FRAME_X(28)(a0)
  ld x29, GH_FRAME_X(29)(a0)
  ld x30, GH_FRAME_X(30)(a0)
  ld x31, GH_FRAME_X(31)(a0)
  ld a0, GH_FRAME_X(10)(a0)
  sret


