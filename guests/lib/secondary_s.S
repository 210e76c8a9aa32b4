/* Entry for harts started with SBI HSM hart_start: a0 = hartid, a1 = opaque.
 * Each hart gets its own 8 KiB stack (up to 8 harts), then secondary_main(hartid, opaque). */
.section .text
.globl secondary_entry
secondary_entry:
  la sp, secondary_stacks
  addi t0, a0, 1
  slli t0, t0, 13
  add sp, sp, t0
  call secondary_main
1:
  wfi
  j 1b

.section .bss
.balign 16
secondary_stacks:
  .space 8192 * 8
