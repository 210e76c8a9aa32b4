/* Entry points. OpenSBI enters the boot hart at _start in S-mode with a0 = hartid,
 * a1 = device tree; secondary harts arrive at secondary_entry (SBI HSM hart_start)
 * with a1 = their slot number. Each slot has a stack of GH_STACK_SIZE bytes. */
#define GH_STACK_SHIFT 14
#define GH_MAX_HARTS 32  /* core::HostPlatform::max_harts */

.section .text.entry, "ax"
.globl _start
_start:
  /* Only the first hart here boots. Under load, the firmware can send a hart we asked
   * to start (SBI HSM) here instead of to secondary_entry; it must not clear .bss again:
   * it finds its slot in gh_slot_hartids and continues as a secondary. */
  la t0, boot_claimed
  li t1, 1
  amoswap.w t1, t1, (t0)
  bnez t1, late_secondary
  csrw sie, zero
  csrw sscratch, zero
  la t0, __bss_start
  la t1, __bss_end
1:
  bgeu t0, t1, 2f
  sd zero, 0(t0)
  addi t0, t0, 8
  j 1b
2:
  la sp, hart_stacks
  li t0, 1 << GH_STACK_SHIFT
  add sp, sp, t0
  mv tp, zero
  call vmm_boot_main
  j vmm_halt

late_secondary:
  la t0, gh_slot_hartids
  li t1, 0
  li t3, GH_MAX_HARTS
1:
  ld t2, 0(t0)
  beq t2, a0, 2f
  addi t0, t0, 8
  addi t1, t1, 1
  blt t1, t3, 1b
  j vmm_halt
2:
  mv a1, t1

.globl secondary_entry
secondary_entry:
  csrw sie, zero
  la sp, hart_stacks
  addi t0, a1, 1
  slli t0, t0, GH_STACK_SHIFT
  add sp, sp, t0
  mv tp, zero
  call vmm_secondary_main
  j vmm_halt

.globl vmm_halt
vmm_halt:
  wfi
  j vmm_halt

/* The hypervisor's own fault vector: any trap taken while the hypervisor runs is a bug. */
.balign 4
.globl vmm_fault_entry
vmm_fault_entry:
  csrr a0, scause
  csrr a1, sepc
  csrr a2, stval
  mv a3, sp
  call vmm_fault
  j vmm_halt

.section .data
.balign 4
boot_claimed:
  .word 0
