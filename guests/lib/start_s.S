/* Entry of an S-mode test guest (boot style s: vCPU 0 starts here in S-mode with
 * a0 = hartid, a1 = device tree), as under OpenSBI natively. */
.section .text.entry, "ax"
.globl _start
_start:
  la sp, guest_stack_top
  call guest_main
  /* guest_main returned its status in a0: power off with it. */
  call guest_exit
1:
  wfi
  j 1b

.section .bss
.balign 16
guest_stack:
  .space 16384
guest_stack_top:
