// VirtualHart CSR file: which CSRs exist, who may access them, and their values on
// read. Writes (the WARL rules) are in csr_write.cpp.
//
// Existence follows QEMU 7.2's rv64 CPU without the H extension: 16 PMP entries
// (pmpcfg0, pmpcfg2, pmpaddr0..15), 16 programmable counters (mhpmcounter3..18),
// mhpmevent3..31, Sstc, no mseccfg (ePMP off), no debug triggers (not emulated).
#include "vcpu/virtual_hart.hpp"

namespace gh::vcpu {

namespace ms = riscv::mstatus;
using riscv::Csr;
using riscv::csr_number;

namespace {

// CSR ranges indexed by the low bits of the number.
constexpr uint16_t kMCounterBase = csr_number(Csr::mcycle);  // mcycle..mhpmcounter31
constexpr uint16_t kPmpcfgBase = csr_number(Csr::pmpcfg0);
constexpr uint16_t kPmpaddrBase = csr_number(Csr::pmpaddr0);

constexpr bool in_range(uint16_t number, Csr first, Csr last) {
  return number >= csr_number(first) && number <= csr_number(last);
}

// mcycle(0), minstret(2), mhpmcounter3..31; index 1 (time) has no M-mode CSR.
constexpr bool is_machine_counter(uint16_t number) {
  return number >= kMCounterBase && number <= csr_number(Csr::mhpmcounter31) &&
         number != kMCounterBase + 1;
}

constexpr uint64_t kSstatusReadable =
    ms::sie | ms::spie | ms::spp | ms::fs | ms::xs | ms::sum | ms::mxr | ms::vs | ms::uxl | ms::sd;

}  // namespace

bool VirtualHart::csr_exists(uint16_t number) const {
  switch (number) {
    case csr_number(Csr::fflags):
    case csr_number(Csr::frm):
    case csr_number(Csr::fcsr):
      return (config_.misa & riscv::misa::extension('F')) != 0;
    case csr_number(Csr::stimecmp):
      return config_.sstc;
    case csr_number(Csr::sstatus):
    case csr_number(Csr::sie):
    case csr_number(Csr::stvec):
    case csr_number(Csr::scounteren):
    case csr_number(Csr::senvcfg):
    case csr_number(Csr::sscratch):
    case csr_number(Csr::sepc):
    case csr_number(Csr::scause):
    case csr_number(Csr::stval):
    case csr_number(Csr::sip):
    case csr_number(Csr::satp):
    case csr_number(Csr::mvendorid):
    case csr_number(Csr::marchid):
    case csr_number(Csr::mimpid):
    case csr_number(Csr::mhartid):
    case csr_number(Csr::mconfigptr):
    case csr_number(Csr::mstatus):
    case csr_number(Csr::misa):
    case csr_number(Csr::medeleg):
    case csr_number(Csr::mideleg):
    case csr_number(Csr::mie):
    case csr_number(Csr::mtvec):
    case csr_number(Csr::mcounteren):
    case csr_number(Csr::menvcfg):
    case csr_number(Csr::mcountinhibit):
    case csr_number(Csr::mscratch):
    case csr_number(Csr::mepc):
    case csr_number(Csr::mcause):
    case csr_number(Csr::mtval):
    case csr_number(Csr::mip):
      return true;
    default:
      break;
  }
  if (in_range(number, Csr::pmpcfg0, Csr::pmpcfg15)) {
    const unsigned index = number - kPmpcfgBase;  // RV64: odd pmpcfg registers do not exist
    return index % 2 == 0 && index * 4 < kPmpEntries;
  }
  if (in_range(number, Csr::pmpaddr0, Csr::pmpaddr63)) {
    return static_cast<unsigned>(number - kPmpaddrBase) < kPmpEntries;
  }
  if (in_range(number, Csr::mhpmevent3, Csr::mhpmevent31)) return true;
  const bool user_counter = in_range(number, Csr::cycle, Csr::hpmcounter31);
  if (user_counter || is_machine_counter(number)) {
    const unsigned index = number & 0x1F;
    return index < 3 || index - 3 < config_.pmu_counters;
  }
  return false;
}

// The xcounteren rules for cycle/time/instret/hpmcounterN below M-mode.
bool VirtualHart::counter_enabled(unsigned index) const {
  const uint64_t bit = 1ull << index;
  if (privilege_ == Privilege::machine) return true;
  if ((mcounteren_ & bit) == 0) return false;
  return privilege_ == Privilege::supervisor || (scounteren_ & bit) != 0;
}

// Conditions beyond existence and privilege level (QEMU's CSR predicates).
bool VirtualHart::csr_predicate(uint16_t number) const {
  switch (number) {
    case csr_number(Csr::fflags):
    case csr_number(Csr::frm):
    case csr_number(Csr::fcsr):
      return fp_enabled();
    case csr_number(Csr::stimecmp):
      return privilege_ == Privilege::machine ||
             ((mcounteren_ & riscv::counteren::tm) && (menvcfg_ & riscv::envcfg::stce));
    case csr_number(Csr::satp):
      return !(privilege_ == Privilege::supervisor && (mstatus_ & ms::tvm));
    default:
      break;
  }
  if (in_range(number, Csr::cycle, Csr::hpmcounter31)) return counter_enabled(number & 0x1F);
  return true;
}

bool VirtualHart::csr_accessible(uint16_t number, bool write) const {
  if (!csr_exists(number)) return false;
  if (write && riscv::csr_is_read_only(number)) return false;
  if (!csr_predicate(number)) return false;
  return static_cast<uint8_t>(privilege_) >= static_cast<uint8_t>(riscv::csr_min_privilege(number));
}

std::optional<uint64_t> VirtualHart::read_csr(uint16_t number) const {
  if (!csr_exists(number)) return std::nullopt;
  if (auto value = read_counter_csr(number)) return value;
  if (auto value = read_supervisor_csr(number)) return value;
  return read_machine_csr(number);
}

uint64_t VirtualHart::counter_value(unsigned index) const {
  const Counter& c = index == 0 ? mcycle_ : minstret_;
  const bool inhibited = (mcountinhibit_ >> index) & 1;
  return inhibited ? c.frozen : time_ + c.offset;
}

std::optional<uint64_t> VirtualHart::read_counter_csr(uint16_t number) const {
  const bool user = in_range(number, Csr::cycle, Csr::hpmcounter31);
  if (!user && !is_machine_counter(number)) return std::nullopt;
  const unsigned index = number & 0x1F;
  if (index == 1) return time_;
  if (index == 0 || index == 2) return counter_value(index);
  return mhpmcounter_[index - 3];
}

std::optional<uint64_t> VirtualHart::read_supervisor_csr(uint16_t number) const {
  const uint64_t s_ints = mideleg_ & riscv::s_mode_interrupts;
  switch (number) {
    case csr_number(Csr::fflags):
      return fcsr_ & 0x1F;
    case csr_number(Csr::frm):
      return (fcsr_ >> 5) & 7;
    case csr_number(Csr::fcsr):
      return fcsr_;
    case csr_number(Csr::sstatus):
      return sstatus();
    case csr_number(Csr::sie):
      return sie();
    case csr_number(Csr::sip):
      return mip() & s_ints;
    case csr_number(Csr::stvec):
      return stvec_;
    case csr_number(Csr::scounteren):
      return scounteren_;
    case csr_number(Csr::senvcfg):
      return senvcfg_;
    case csr_number(Csr::sscratch):
      return sscratch_;
    case csr_number(Csr::sepc):
      return sepc_;
    case csr_number(Csr::scause):
      return scause_;
    case csr_number(Csr::stval):
      return stval_;
    case csr_number(Csr::stimecmp):
      return stimecmp_.value;
    case csr_number(Csr::satp):
      return satp_;
    default:
      return std::nullopt;
  }
}

std::optional<uint64_t> VirtualHart::read_machine_csr(uint16_t number) const {
  switch (number) {
    case csr_number(Csr::mvendorid):
      return config_.mvendorid;
    case csr_number(Csr::marchid):
      return config_.marchid;
    case csr_number(Csr::mimpid):
      return config_.mimpid;
    case csr_number(Csr::mhartid):
      return config_.hartid;
    case csr_number(Csr::mconfigptr):
      return 0;
    case csr_number(Csr::mstatus):
      return mstatus();
    case csr_number(Csr::misa):
      return config_.misa;
    case csr_number(Csr::medeleg):
      return medeleg_;
    case csr_number(Csr::mideleg):
      return mideleg_;
    case csr_number(Csr::mie):
      return mie_;
    case csr_number(Csr::mip):
      return mip();
    case csr_number(Csr::mtvec):
      return mtvec_;
    case csr_number(Csr::mcounteren):
      return mcounteren_;
    case csr_number(Csr::menvcfg):
      return menvcfg_;
    case csr_number(Csr::mcountinhibit):
      return mcountinhibit_;
    case csr_number(Csr::mscratch):
      return mscratch_;
    case csr_number(Csr::mepc):
      return mepc_;
    case csr_number(Csr::mcause):
      return mcause_;
    case csr_number(Csr::mtval):
      return mtval_;
    default:
      break;
  }
  if (in_range(number, Csr::pmpcfg0, Csr::pmpcfg15)) {
    uint64_t value = 0;
    const unsigned first = (number - kPmpcfgBase) * 4;
    for (unsigned i = 0; i < 8; ++i) value |= uint64_t{pmpcfg_[first + i]} << (8 * i);
    return value;
  }
  if (in_range(number, Csr::pmpaddr0, Csr::pmpaddr63)) return pmpaddr_[number - kPmpaddrBase];
  if (in_range(number, Csr::mhpmevent3, Csr::mhpmevent31)) {
    return mhpmevent_[number - csr_number(Csr::mhpmevent3)];
  }
  return std::nullopt;
}

uint64_t VirtualHart::sstatus() const { return mstatus() & kSstatusReadable; }

}  // namespace gh::vcpu
