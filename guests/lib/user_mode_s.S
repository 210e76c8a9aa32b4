/* Runs code in U-mode from an S-mode test guest.
 *   void enter_user_mode(uint64_t user_pc)
 * sret's to user_pc in U-mode (same stack). The code must trap back (e.g. ecall); the
 * guest's trap handler then resumes at user_mode_return (set resume_at to it), which
 * restores the caller's registers and returns from enter_user_mode. */
.section .text
.globl enter_user_mode
enter_user_mode:
  addi sp, sp, -112
  sd ra, 0(sp)
  sd s0, 8(sp)
  sd s1, 16(sp)
  sd s2, 24(sp)
  sd s3, 32(sp)
  sd s4, 40(sp)
  sd s5, 48(sp)
  sd s6, 56(sp)
  sd s7, 64(sp)
  sd s8, 72(sp)
  sd s9, 80(sp)
  sd s10, 88(sp)
  sd s11, 96(sp)
  la t0, user_mode_saved_sp
  sd sp, 0(t0)
  csrw sepc, a0
  li t0, 0x100          /* sstatus.SPP */
  csrc sstatus, t0
  sret

.globl user_mode_return
user_mode_return:
  la t0, user_mode_saved_sp
  ld sp, 0(t0)
  ld ra, 0(sp)
  ld s0, 8(sp)
  ld s1, 16(sp)
  ld s2, 24(sp)
  ld s3, 32(sp)
  ld s4, 40(sp)
  ld s5, 48(sp)
  ld s6, 56(sp)
  ld s7, 64(sp)
  ld s8, 72(sp)
  ld s9, 80(sp)
  ld s10, 88(sp)
  ld s11, 96(sp)
  addi sp, sp, 112
  ret

.section .bss
.balign 8
user_mode_saved_sp:
  .space 8

/* void call_and_catch(uint64_t pc): calls pc in S-mode; if it traps, the trap handler
 * resumes at call_and_catch_return (set resume_at to it) and the call returns. */
.section .text
.globl call_and_catch
.globl call_and_catch_return
call_and_catch:
  addi sp, sp, -16
  sd ra, 0(sp)
  jalr a0
call_and_catch_return:
  ld ra, 0(sp)
  addi sp, sp, 16
  ret
