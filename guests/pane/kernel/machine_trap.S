/* The M-mode trap handler. With interrupts delegated to S-mode, the only trap that
 * still reaches M-mode is the CLINT machine timer. Each tick: push this hart's
 * mtimecmp one interval further, then raise a supervisor software interrupt (sip.SSIP)
 * so the S-mode kernel sees the tick. Anything else here is a kernel bug: report it to
 * QEMU through the finisher and stop.
 *
 * mscratch points to this hart's machine_scratch row (machine_mode.cpp). */
.section .text
.balign 4
.globl machine_trap_vector
machine_trap_vector:
  csrrw a0, mscratch, a0    /* a0 = scratch row, mscratch = interrupted a0 */
  sd a1, 0(a0)
  sd a2, 8(a0)
  sd a3, 16(a0)

  csrr a1, mcause
  li a2, 0x8000000000000007 /* interrupt bit | machine timer */
  bne a1, a2, unexpected

  ld a1, 24(a0)             /* a1 = &mtimecmp[hart] */
  ld a2, 32(a0)             /* a2 = interval */
  ld a3, 0(a1)
  add a3, a3, a2
  sd a3, 0(a1)

  li a1, 2                  /* SSIP */
  csrs sip, a1

  ld a1, 0(a0)
  ld a2, 8(a0)
  ld a3, 16(a0)
  csrrw a0, mscratch, a0
  mret

unexpected:                 /* fail with status 0x4d ('M') */
  li a1, 0x100000
  li a2, 0x4d3333
  sw a2, 0(a1)
1:
  wfi
  j 1b
