// Access to the RISC-V control and status registers (CSRs) and a few instructions,
// and the bit fields Pane uses. Names follow the privileged specification.
#pragma once

#include <cstdint>

namespace pane::riscv {

// PANE_CSR(name) defines read_name() and write_name(value) for one CSR.
#define PANE_CSR(name)                                            \
  inline uint64_t read_##name() {                                 \
    uint64_t value;                                               \
    asm volatile("csrr %0, " #name : "=r"(value));                \
    return value;                                                 \
  }                                                               \
  inline void write_##name(uint64_t value) {                      \
    asm volatile("csrw " #name ", %0" : : "r"(value) : "memory"); \
  }

PANE_CSR(mhartid)
PANE_CSR(mstatus)
PANE_CSR(mepc)
PANE_CSR(medeleg)
PANE_CSR(mideleg)
PANE_CSR(mie)
PANE_CSR(mtvec)
PANE_CSR(mscratch)
PANE_CSR(mcounteren)
PANE_CSR(pmpaddr0)
PANE_CSR(pmpcfg0)
PANE_CSR(sstatus)
PANE_CSR(sie)
PANE_CSR(sip)
PANE_CSR(stvec)
PANE_CSR(sepc)
PANE_CSR(scause)
PANE_CSR(stval)
PANE_CSR(satp)
PANE_CSR(sscratch)
#undef PANE_CSR

// Newer CSRs that the assembler may not know by name.
inline void write_menvcfg(uint64_t value) { asm volatile("csrw 0x30a, %0" : : "r"(value)); }
inline uint64_t read_menvcfg() {
  uint64_t value;
  asm volatile("csrr %0, 0x30a" : "=r"(value));
  return value;
}
inline void write_stimecmp(uint64_t value) { asm volatile("csrw 0x14d, %0" : : "r"(value)); }
inline uint64_t read_time() {
  uint64_t value;
  asm volatile("csrr %0, time" : "=r"(value));
  return value;
}

// mstatus / sstatus
constexpr uint64_t kStatusSie = 1ull << 1;   // S-mode interrupts enabled
constexpr uint64_t kStatusMie = 1ull << 3;   // M-mode interrupts enabled
constexpr uint64_t kStatusSpie = 1ull << 5;  // SIE before the last trap
constexpr uint64_t kStatusSpp = 1ull << 8;   // previous mode was S (1) or U (0)
constexpr uint64_t kStatusMppMask = 3ull << 11;
constexpr uint64_t kStatusMppSupervisor = 1ull << 11;

// Interrupt numbers (bit positions in mie/mip/sie/sip, and scause codes).
constexpr uint64_t kSupervisorSoftware = 1;
constexpr uint64_t kSupervisorTimer = 5;
constexpr uint64_t kMachineTimer = 7;
constexpr uint64_t kSupervisorExternal = 9;

// scause exception codes.
constexpr uint64_t kCauseInterruptBit = 1ull << 63;
constexpr uint64_t kCauseIllegalInstruction = 2;
constexpr uint64_t kCauseUserEcall = 8;

// satp: Sv39 mode, ASID 0, and the physical page number of the root table.
constexpr uint64_t kSatpSv39 = 8ull << 60;
inline uint64_t make_satp(uint64_t root_table_pa) { return kSatpSv39 | (root_table_pa >> 12); }

inline uint64_t read_tp() {
  uint64_t value;
  asm volatile("mv %0, tp" : "=r"(value));
  return value;
}
inline void write_tp(uint64_t value) { asm volatile("mv tp, %0" : : "r"(value)); }

inline void interrupts_on() { asm volatile("csrs sstatus, %0" : : "r"(kStatusSie) : "memory"); }
inline void interrupts_off() { asm volatile("csrc sstatus, %0" : : "r"(kStatusSie) : "memory"); }
inline bool interrupts_enabled() { return (read_sstatus() & kStatusSie) != 0; }

// Forget every cached translation: Pane always uses ASID 0, so flush them all.
inline void flush_tlb() { asm volatile("sfence.vma zero, zero" : : : "memory"); }
inline void wait_for_interrupt() { asm volatile("wfi"); }

}  // namespace pane::riscv
