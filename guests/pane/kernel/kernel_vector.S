/* Traps taken while in S-mode (interrupts, or kernel bugs) arrive here. Save the
 * registers a C++ function may clobber, handle the trap, restore, and sret. The
 * callee-saved registers survive kernel_trap() by the calling convention; tp is left
 * alone because it holds the hart id, which may change if kernel_trap() yields and
 * this thread resumes on another hart. */
.section .text
.globl kernel_vector
.balign 4
kernel_vector:
  addi sp, sp, -128
  sd ra, 0(sp)
  sd t0, 8(sp)
  sd t1, 16(sp)
  sd t2, 24(sp)
  sd t3, 32(sp)
  sd t4, 40(sp)
  sd t5, 48(sp)
  sd t6, 56(sp)
  .irp n, 0,1,2,3,4,5,6,7
  sd a\n, (64 + 8 * \n)(sp)
  .endr
  call kernel_trap
  ld ra, 0(sp)
  ld t0, 8(sp)
  ld t1, 16(sp)
  ld t2, 24(sp)
  ld t3, 32(sp)
  ld t4, 40(sp)
  ld t5, 48(sp)
  ld t6, 56(sp)
  .irp n, 0,1,2,3,4,5,6,7
  ld a\n, (64 + 8 * \n)(sp)
  .endr
  addi sp, sp, 128
  sret
