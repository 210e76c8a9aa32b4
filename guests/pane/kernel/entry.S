/* The first instructions: QEMU starts every hart here, at 0x8000_0000, in M-mode.
 * Give each hart its own boot stack, then continue in C++ (machine_start). */
.section .text.entry, "ax"
.globl _entry
_entry:
  csrr a0, mhartid
  li t0, 8                  /* kMaxHarts: park any hart beyond it */
  bgeu a0, t0, park
  la sp, boot_stacks        /* sp = boot_stacks + (hartid + 1) * 8 KiB */
  addi t1, a0, 1
  slli t1, t1, 13
  add sp, sp, t1
  call machine_start        /* does not return: it mret's into S-mode */
park:
  wfi
  j park
