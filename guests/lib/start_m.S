/* Entry of an M-mode test guest (boot style m, like qemu -bios none): every hart starts
 * here in M-mode with a0 = hartid. Hart 0 runs guest_main; the others park in wfi. */
.section .text.entry, "ax"
.globl _start
_start:
  bnez a0, park
  la sp, m_stack_top
  call guest_main
  call m_guest_exit
park:
  wfi
  j park

.section .bss
.balign 16
m_stack:
  .space 16384
m_stack_top:
