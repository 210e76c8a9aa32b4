# Entry of every hart: a0 = hartid; a 4 KiB stack per hart below stack_top.
  .section .text.start
  .globl _start
_start:
  la sp, stack_top
  slli t0, a0, 12
  sub sp, sp, t0
  call main
1:
  j 1b
