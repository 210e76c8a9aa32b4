/* Trap vector tables for M-mode test guests: m_vector_table (M, ends in mret) and
 * s_vector_table (S, ends in sret), 16 entries of one 4-byte jump each. In vectored
 * mode an interrupt enters entry <cause>, an exception entry 0; in direct mode every trap
 * enters entry 0. Each entry saves the caller-saved registers and calls
 * m_trap(entry) / s_trap(entry), so a guest sees which entry the hart jumped to. */

.macro vector_table name, prefix
.section .text
.balign 256
.globl \name
\name:
.option push
.option norvc
.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
  j \prefix\()_entry_\n
.endr
.option pop
.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
\prefix\()_entry_\n:
  addi sp, sp, -128
  sd t0, 0(sp)
  li t0, \n
  j \prefix\()_common
.endr
.endm

.macro vector_common prefix, handler, return
\prefix\()_common:
  sd ra, 8(sp)
  sd a0, 16(sp)
  sd a1, 24(sp)
  sd a2, 32(sp)
  sd a3, 40(sp)
  sd a4, 48(sp)
  sd a5, 56(sp)
  sd a6, 64(sp)
  sd a7, 72(sp)
  sd t1, 80(sp)
  sd t2, 88(sp)
  sd t3, 96(sp)
  sd t4, 104(sp)
  sd t5, 112(sp)
  sd t6, 120(sp)
  mv a0, t0
  call \handler
  ld t0, 0(sp)
  ld ra, 8(sp)
  ld a0, 16(sp)
  ld a1, 24(sp)
  ld a2, 32(sp)
  ld a3, 40(sp)
  ld a4, 48(sp)
  ld a5, 56(sp)
  ld a6, 64(sp)
  ld a7, 72(sp)
  ld t1, 80(sp)
  ld t2, 88(sp)
  ld t3, 96(sp)
  ld t4, 104(sp)
  ld t5, 112(sp)
  ld t6, 120(sp)
  addi sp, sp, 128
  \return
.endm

vector_table m_vector_table, m_vec
vector_common m_vec, m_trap, mret
vector_table s_vector_table, s_vec
vector_common s_vec, s_trap, sret

/* void run_lower(void (*code)(), uint64_t mstatus_mpp): runs code() in the mode that
 * MPP selects (mret); code ends by returning, which ecalls back to M. The M handler
 * answers ecall 8/9 by resuming after the ecall in M (m_return_to_machine). */
.globl run_lower
run_lower:
  addi sp, sp, -16
  sd ra, 0(sp)
  csrw mepc, a0
  li t0, 3 << 11
  csrc mstatus, t0
  csrs mstatus, a1
  la ra, lower_done
  mret
lower_done:
  ecall
  ld ra, 0(sp)
  addi sp, sp, 16
  ret
