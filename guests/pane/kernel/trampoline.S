/* The trampoline: the only code mapped in both a user page table and the kernel's,
 * at the same virtual address (kTrampoline, the top page below 2^38). It switches
 * page tables, so it must keep running across the satp write.
 *
 * The process's Trapframe (process.hpp) is mapped just below, at kTrapframe =
 * 0x3f_ffff_e000; x[n] is at offset 48 + 8n. While in user mode, sscratch holds
 * kTrapframe. */
.section .trampoline, "ax"
.balign 4
.globl user_vector
user_vector:                  /* stvec while in U-mode */
  csrrw a0, sscratch, a0      /* a0 = trapframe, sscratch = the user's a0 */
  .irp n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  sd x\n, (48 + 8 * \n)(a0)
  .endr
  csrr t0, sscratch
  sd t0, (48 + 8 * 10)(a0)    /* the user's a0 */

  ld sp, 8(a0)                /* kernel stack of this process */
  ld tp, 32(a0)               /* hart id */
  ld t0, 16(a0)               /* user_trap() */
  ld t1, 0(a0)                /* kernel satp */
  sfence.vma zero, zero       /* user-table stores done before the switch */
  csrw satp, t1
  sfence.vma zero, zero       /* no stale user translations in the kernel */
  jr t0                       /* user_trap() never returns here */

.globl user_return
user_return:                  /* user_return(user satp), from return_to_user() */
  sfence.vma zero, zero
  csrw satp, a0
  sfence.vma zero, zero
  li a0, 0x3fffffe000         /* kTrapframe */
  csrw sscratch, a0
  .irp n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  ld x\n, (48 + 8 * \n)(a0)
  .endr
  ld a0, (48 + 8 * 10)(a0)
  sret                        /* to U-mode at sepc */
