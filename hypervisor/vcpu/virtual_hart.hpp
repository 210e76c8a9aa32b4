// VirtualHart: the guest's view of one RISC-V hart under trap-and-emulate.
//
// It holds the virtual privilege mode and every M- and S-level CSR of QEMU 7.2's
// rv64 hart (without the H extension), with QEMU 7.2's WARL behaviour, and
// implements what the hardware does around them: CSR instructions, mret/sret, wfi,
// sfence.vma and ecall checks, trap delivery per medeleg/mideleg, and interrupt
// selection. It never touches the host: time, timers and interrupt lines come in
// through setters, and everything the host must do comes out as an Outcome.
//
// Use from the VMM's trap handler:
//   Outcome o = hart.execute(riscv::decode(bits), regs);
//   if (o.next == Next::raise_exception) o = hart.take_exception(o.exception, o.tval, pc);
//   ...apply o (pc, effects)...
//   hart.set_time(now);
//   if (auto irq = hart.pending_interrupt()) o = hart.take_interrupt(*irq, new_pc);
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "riscv/csr.hpp"
#include "riscv/instruction.hpp"
#include "vcpu/outcome.hpp"

namespace gh::vcpu {

using riscv::Exception;
using riscv::Interrupt;
using riscv::Privilege;

// Guest integer registers x0..x31 (x0 is never written).
using GuestRegisters = std::array<uint64_t, 32>;

// satp MODE values as a bit set (bit n = MODE n is accepted on writes).
constexpr uint16_t satp_mode_bit(uint64_t mode) { return static_cast<uint16_t>(1u << mode); }

struct HartConfig {
  uint64_t hartid = 0;
  // RV64 "imafdc" + S + U, as QEMU's rv64 CPU without the H extension.
  uint64_t misa = riscv::misa::mxl_64 | riscv::misa::extension('I') | riscv::misa::extension('M') |
                  riscv::misa::extension('A') | riscv::misa::extension('F') |
                  riscv::misa::extension('D') | riscv::misa::extension('C') |
                  riscv::misa::extension('S') | riscv::misa::extension('U');
  uint64_t mvendorid = 0;
  uint64_t marchid = 0x070200;  // QEMU: (major << 16) | (minor << 8) | micro of 7.2.0
  uint64_t mimpid = 0x070200;
  // Translation modes the shadow MMU implements; QEMU 7.2 accepts Bare/Sv39/Sv48/Sv57.
  uint16_t satp_modes =
      satp_mode_bit(riscv::satp::mode_bare) | satp_mode_bit(riscv::satp::mode_sv39) |
      satp_mode_bit(riscv::satp::mode_sv48) | satp_mode_bit(riscv::satp::mode_sv57);
  bool sstc = true;            // stimecmp and menvcfg.STCE (QEMU 7.2 default: on)
  unsigned pmu_counters = 16;  // mhpmcounter3..(3+n-1) exist (QEMU "pmu-num")
};

class VirtualHart {
 public:
  static constexpr unsigned kPmpEntries = 16;   // QEMU 7.2: pmpcfg0/2, pmpaddr0..15
  static constexpr unsigned kHpmCounters = 29;  // mhpmcounter3..31 / mhpmevent3..31

  explicit VirtualHart(const HartConfig& config = {});

  // Back to the reset state: M-mode, mstatus = SXL|UXL = 64-bit, everything else 0.
  void reset();

  // ---- Emulation ----
  // Emulates a trapped guest instruction against the virtual state. Instructions that
  // are not privileged (Opcode::other, illegal, and loads/stores: MMIO is the VMM's
  // business) come back as an illegal-instruction exception with tval = bits.
  Outcome execute(const riscv::Instruction& insn, GuestRegisters& regs);

  // Delivers a synchronous exception taken at `pc` to virtual M or S (per medeleg).
  Outcome take_exception(Exception cause, uint64_t tval, uint64_t pc);
  // The highest-priority interrupt the hart would take now, if any.
  std::optional<Interrupt> pending_interrupt() const;
  // Delivers `irq` with `pc` as the return address.
  Outcome take_interrupt(Interrupt irq, uint64_t pc);
  // wfi wake-up condition: an interrupt is pending and enabled in mie, regardless
  // of delegation and global enables.
  bool should_wake() const { return (mip() & mie_) != 0; }

  // ---- CSRs without instruction semantics (debugger, VMM) ----
  // Whether a CSR instruction at the current virtual privilege may access `number`.
  bool csr_accessible(uint16_t number, bool write) const;
  // Value as a CSR read would return it; nullopt if the CSR does not exist.
  std::optional<uint64_t> read_csr(uint16_t number) const;
  // Writes bits `mask` of `value` with the CSR's WARL rules; no privilege check.
  // Returns the effect:: flags. Writes to nonexistent CSRs are ignored.
  uint8_t write_csr(uint16_t number, uint64_t value, uint64_t mask = ~0ull);

  // ---- Inputs: clock, timers, interrupt lines ----
  void set_time(uint64_t now);  // the guest's `time` (mtime); fires due comparators
  uint64_t time() const { return time_; }
  void set_mtimecmp(uint64_t value);  // CLINT mtimecmp -> MTIP
  uint64_t mtimecmp() const { return mtimecmp_.value; }
  void set_sbi_timer(uint64_t value);                          // SBI set_timer -> STIP
  void set_software_interrupt(bool pending);                   // CLINT msip -> MSIP
  void set_external_interrupt(Privilege level, bool pending);  // PLIC -> MEIP / SEIP
  // Earliest time at which an armed comparator fires (to program the host timer).
  std::optional<uint64_t> next_timer_deadline() const;

  // ---- State ----
  Privilege privilege() const { return privilege_; }
  void set_privilege(Privilege p) { privilege_ = p; }
  const HartConfig& config() const { return config_; }
  uint64_t mstatus() const;  // with SD computed
  uint64_t mip() const;
  uint64_t mie() const { return mie_; }
  // The supervisor CSRs the fast exit copies (tae/fast_exit.hpp), as read_csr returns
  // them but without its lookups: it runs before every guest entry.
  uint64_t sstatus() const;
  uint64_t sie() const { return mie_ & mideleg_ & riscv::s_mode_interrupts; }
  uint64_t sscratch() const { return sscratch_; }
  uint64_t sepc() const { return sepc_; }
  uint64_t scause() const { return scause_; }
  uint64_t stval() const { return stval_; }
  uint64_t satp() const { return satp_; }
  bool fp_enabled() const { return (mstatus_ & riscv::mstatus::fs) != 0; }
  void mark_fp_dirty() { mstatus_ |= riscv::mstatus::fs; }
  // Number of PMP entries whose address-matching mode is not OFF.
  unsigned active_pmp_entries() const;

 private:
  struct Comparator {
    uint64_t value = 0;
    bool armed = false;
    uint64_t irq_bit = 0;
  };
  struct Counter {  // mcycle / minstret, derived from the clock
    uint64_t offset = 0;
    uint64_t frozen = 0;
  };

  // csr_file.cpp
  bool csr_exists(uint16_t number) const;
  bool counter_enabled(unsigned index) const;
  bool csr_predicate(uint16_t number) const;
  std::optional<uint64_t> read_machine_csr(uint16_t number) const;
  std::optional<uint64_t> read_supervisor_csr(uint16_t number) const;
  std::optional<uint64_t> read_counter_csr(uint16_t number) const;
  bool write_machine_csr(uint16_t number, uint64_t value, uint64_t mask, uint8_t& effects);
  bool write_supervisor_csr(uint16_t number, uint64_t value, uint64_t mask, uint8_t& effects);
  bool write_counter_csr(uint16_t number, uint64_t value, uint64_t mask);
  uint8_t write_mstatus(uint64_t value);
  void write_mip(uint64_t value, uint64_t mask);
  uint8_t write_satp(uint64_t value);
  void write_pmpcfg(unsigned first_entry, uint64_t value);
  void write_pmpaddr(unsigned entry, uint64_t value);
  void write_mcountinhibit(uint64_t value);
  uint64_t counter_value(unsigned index) const;
  void write_counter(unsigned index, uint64_t value);

  // traps.cpp
  Outcome deliver(uint64_t cause, bool interrupt, uint64_t tval, uint64_t pc);
  Outcome mret(const riscv::Instruction& insn);
  Outcome sret(const riscv::Instruction& insn);

  // execute.cpp
  Outcome csr_instruction(const riscv::Instruction& insn, GuestRegisters& regs);
  Outcome wfi(const riscv::Instruction& insn) const;
  Outcome sfence_vma(const riscv::Instruction& insn, const GuestRegisters& regs) const;
  Outcome ecall() const;

  // virtual_hart.cpp
  void set_reset_values();
  void write_comparator(Comparator& c, uint64_t value);
  void fire_comparator(Comparator& c);

  HartConfig config_;
  Privilege privilege_ = Privilege::machine;
  uint64_t time_ = 0;

  uint64_t mstatus_ = 0;
  uint64_t medeleg_ = 0, mideleg_ = 0;
  uint64_t mie_ = 0;
  uint64_t mip_ = 0;  // SSIP, STIP, MSIP, MTIP, MEIP; SEIP comes from the two below
  bool software_seip_ = false, external_seip_ = false;
  uint64_t mtvec_ = 0, stvec_ = 0;
  uint64_t mepc_ = 0, sepc_ = 0, mcause_ = 0, scause_ = 0, mtval_ = 0, stval_ = 0;
  uint64_t mscratch_ = 0, sscratch_ = 0;
  uint64_t mcounteren_ = 0, scounteren_ = 0, mcountinhibit_ = 0;
  uint64_t menvcfg_ = 0, senvcfg_ = 0;
  uint64_t satp_ = 0;
  uint64_t fcsr_ = 0;  // only used if fcsr traps while FS != Off (normally left to hardware)
  std::array<uint8_t, kPmpEntries> pmpcfg_{};
  std::array<uint64_t, kPmpEntries> pmpaddr_{};
  std::array<uint64_t, kHpmCounters> mhpmcounter_{};
  std::array<uint64_t, kHpmCounters> mhpmevent_{};
  Counter mcycle_, minstret_;
  Comparator mtimecmp_, stimecmp_, sbi_timer_;
};

}  // namespace gh::vcpu
