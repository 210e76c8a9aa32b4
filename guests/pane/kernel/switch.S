/* switch_context(save_here, resume): save this kernel thread's callee-saved registers
 * (a Context, cpu.hpp) and continue the thread saved in resume. It "returns" in the
 * other thread, at the ra that thread saved. */
.section .text
.globl switch_context
switch_context:
  sd ra, 0(a0)
  sd sp, 8(a0)
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
  sd s\n, (16 + 8 * \n)(a0)
  .endr
  ld ra, 0(a1)
  ld sp, 8(a1)
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
  ld s\n, (16 + 8 * \n)(a1)
  .endr
  ret
