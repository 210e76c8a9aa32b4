// VirtualHart CSR writes with QEMU 7.2's WARL rules: read-only fields keep their
// value, write masks apply, and writes of unsupported values are ignored.
#include "vcpu/virtual_hart.hpp"

namespace gh::vcpu {

namespace ms = riscv::mstatus;
using riscv::Csr;
using riscv::csr_number;
using riscv::Exception;
using riscv::exception_bit;
using riscv::interrupt_bit;

namespace {

constexpr uint64_t merge(uint64_t old, uint64_t value, uint64_t mask) {
  return (old & ~mask) | (value & mask);
}

constexpr bool in_range(uint16_t number, Csr first, Csr last) {
  return number >= csr_number(first) && number <= csr_number(last);
}

constexpr uint64_t kMstatusWritable = ms::sie | ms::spie | ms::mie | ms::mpie | ms::spp | ms::mprv |
                                      ms::sum | ms::mpp | ms::mxr | ms::tvm | ms::tsr | ms::tw |
                                      ms::fs | ms::vs;
constexpr uint64_t kSstatusWritable =
    ms::sie | ms::spie | ms::spp | ms::fs | ms::sum | ms::mxr | ms::vs;
constexpr uint64_t kTranslationFields = ms::mprv | ms::mpp | ms::sum | ms::mxr;

// QEMU 7.2's DELEGABLE_EXCPS (it includes ecall from M and the H-extension causes).
constexpr uint64_t kDelegableExceptions =
    exception_bit(Exception::instruction_misaligned) |
    exception_bit(Exception::instruction_access_fault) |
    exception_bit(Exception::illegal_instruction) | exception_bit(Exception::breakpoint) |
    exception_bit(Exception::load_misaligned) | exception_bit(Exception::load_access_fault) |
    exception_bit(Exception::store_misaligned) | exception_bit(Exception::store_access_fault) |
    exception_bit(Exception::ecall_from_u) | exception_bit(Exception::ecall_from_s) |
    exception_bit(Exception::ecall_from_vs) | exception_bit(Exception::ecall_from_m) |
    exception_bit(Exception::instruction_page_fault) | exception_bit(Exception::load_page_fault) |
    exception_bit(Exception::store_page_fault) |
    exception_bit(Exception::instruction_guest_page_fault) |
    exception_bit(Exception::load_guest_page_fault) |
    exception_bit(Exception::virtual_instruction) |
    exception_bit(Exception::store_guest_page_fault);

constexpr uint64_t kAllInterrupts = riscv::m_mode_interrupts | riscv::s_mode_interrupts;
constexpr uint64_t kEnvcfgWritable =
    riscv::envcfg::fiom | riscv::envcfg::cbie | riscv::envcfg::cbcfe | riscv::envcfg::cbze;
constexpr uint64_t kLow32 = 0xFFFF'FFFFull;
constexpr unsigned kMppReserved = 2;

// mtvec/stvec: a write with a reserved MODE (>= 2) is ignored entirely.
void write_tvec(uint64_t& tvec, uint64_t value) {
  if ((value & riscv::tvec::mode_mask) < 2) tvec = value;
}

}  // namespace

uint8_t VirtualHart::write_csr(uint16_t number, uint64_t value, uint64_t mask) {
  if (!csr_exists(number)) return effect::none;
  uint8_t effects = effect::none;
  if (write_counter_csr(number, value, mask)) return effects;
  if (write_supervisor_csr(number, value, mask, effects)) return effects;
  write_machine_csr(number, value, mask, effects);
  return effects;
}

uint8_t VirtualHart::write_mstatus(uint64_t value) {
  uint64_t next = merge(mstatus_, value, kMstatusWritable);
  if (((next & ms::mpp) >> ms::mpp_shift) == kMppReserved) {
    next = merge(next, mstatus_, ms::mpp);  // WARL: keep the previous legal MPP
  }
  uint8_t effects = effect::none;
  if ((next ^ mstatus_) & kTranslationFields) effects |= effect::translation_changed;
  if ((next ^ mstatus_) & ms::fs) effects |= effect::fp_state_changed;
  mstatus_ = next;
  return effects;
}

// mip: only SSIP, STIP and SEIP are writable. SEIP is the OR of the written bit and
// the external (PLIC) line. With Sstc enabled by menvcfg.STCE, STIP belongs to
// stimecmp and M-mode writes to it are ignored.
void VirtualHart::write_mip(uint64_t value, uint64_t mask) {
  const uint64_t seip = interrupt_bit(Interrupt::supervisor_external);
  const uint64_t stip = interrupt_bit(Interrupt::supervisor_timer);
  uint64_t writable = mask & riscv::s_mode_interrupts;
  if (writable & seip) software_seip_ = (value & seip) != 0;
  if (config_.sstc && privilege_ == Privilege::machine && (menvcfg_ & riscv::envcfg::stce)) {
    writable &= ~stip;
  }
  mip_ = merge(mip_, value, writable & ~seip);
}

// satp: a write selecting an unsupported MODE is ignored as a whole.
uint8_t VirtualHart::write_satp(uint64_t value) {
  const uint64_t mode = value >> riscv::satp::mode_shift;
  if ((config_.satp_modes & satp_mode_bit(mode)) == 0) return effect::none;
  if (value == satp_) return effect::none;
  satp_ = value;
  return effect::satp_changed;
}

// Locked entries ignore writes (QEMU 7.2 keeps reserved R=0,W=1 combinations).
void VirtualHart::write_pmpcfg(unsigned first_entry, uint64_t value) {
  for (unsigned i = 0; i < 8; ++i) {
    const unsigned entry = first_entry + i;
    if (entry >= kPmpEntries || (pmpcfg_[entry] & riscv::pmpcfg::l)) continue;
    pmpcfg_[entry] = static_cast<uint8_t>(value >> (8 * i));
  }
}

// pmpaddrN is also locked by a locked TOR entry N+1, which uses it as its base.
void VirtualHart::write_pmpaddr(unsigned entry, uint64_t value) {
  if (pmpcfg_[entry] & riscv::pmpcfg::l) return;
  if (entry + 1 < kPmpEntries) {
    const uint8_t next = pmpcfg_[entry + 1];
    const bool locked_tor =
        (next & riscv::pmpcfg::l) && riscv::pmpcfg::address_mode(next) == riscv::pmpcfg::a_tor;
    if (locked_tor) return;
  }
  pmpaddr_[entry] = value;
}

void VirtualHart::write_counter(unsigned index, uint64_t value) {
  Counter& c = index == 0 ? mcycle_ : minstret_;
  if ((mcountinhibit_ >> index) & 1) {
    c.frozen = value;
  } else {
    c.offset = value - time_;
  }
}

// Inhibiting a counter freezes its value; releasing it continues from there.
void VirtualHart::write_mcountinhibit(uint64_t value) {
  value &= kLow32;
  for (unsigned index : {0u, 2u}) {
    Counter& c = index == 0 ? mcycle_ : minstret_;
    const bool was = (mcountinhibit_ >> index) & 1, now = (value >> index) & 1;
    if (!was && now) c.frozen = counter_value(index);
    if (was && !now) c.offset = c.frozen - time_;
  }
  mcountinhibit_ = value;
}

bool VirtualHart::write_counter_csr(uint16_t number, uint64_t value, uint64_t mask) {
  if (in_range(number, Csr::cycle, Csr::hpmcounter31)) return true;  // read-only shadows
  if (!in_range(number, Csr::mcycle, Csr::mhpmcounter31)) return false;
  const unsigned index = number & 0x1F;
  if (index == 0 || index == 2) {
    write_counter(index, merge(counter_value(index), value, mask));
  } else if (index >= 3) {
    mhpmcounter_[index - 3] = merge(mhpmcounter_[index - 3], value, mask);
  }
  return true;
}

bool VirtualHart::write_supervisor_csr(uint16_t number, uint64_t value, uint64_t mask,
                                       uint8_t& effects) {
  const uint64_t s_ints = mideleg_ & riscv::s_mode_interrupts;
  switch (number) {
    case csr_number(Csr::fflags):
      value = merge(fcsr_, value, mask & 0x1F);
      break;
    case csr_number(Csr::frm):
      value = merge(fcsr_, value << 5, (mask & 7) << 5);
      break;
    case csr_number(Csr::fcsr):
      value = merge(fcsr_, value, mask & 0xFF);
      break;
    case csr_number(Csr::sstatus): {
      const uint64_t next = merge(mstatus_, value, mask & kSstatusWritable);
      effects |= write_mstatus(next);
      return true;
    }
    case csr_number(Csr::sie):
      mie_ = merge(mie_, value, mask & s_ints);
      return true;
    case csr_number(Csr::sip):  // only SSIP, and only when delegated
      write_mip(value, mask & s_ints & interrupt_bit(Interrupt::supervisor_software));
      return true;
    case csr_number(Csr::stvec):
      write_tvec(stvec_, merge(stvec_, value, mask));
      return true;
    case csr_number(Csr::scounteren):
      scounteren_ = merge(scounteren_, value, mask & kLow32);
      return true;
    case csr_number(Csr::senvcfg):
      senvcfg_ = merge(senvcfg_, value, mask & kEnvcfgWritable);
      return true;
    case csr_number(Csr::sscratch):
      sscratch_ = merge(sscratch_, value, mask);
      return true;
    case csr_number(Csr::sepc):
      sepc_ = merge(sepc_, value, mask);
      return true;
    case csr_number(Csr::scause):
      scause_ = merge(scause_, value, mask);
      return true;
    case csr_number(Csr::stval):
      stval_ = merge(stval_, value, mask);
      return true;
    case csr_number(Csr::stimecmp):
      write_comparator(stimecmp_, merge(stimecmp_.value, value, mask));
      return true;
    case csr_number(Csr::satp):
      effects |= write_satp(merge(satp_, value, mask));
      return true;
    default:
      return false;
  }
  // The floating-point CSRs: writing them makes the FP state dirty.
  fcsr_ = value & 0xFF;
  if ((mstatus_ & ms::fs) != ms::fs) effects |= effect::fp_state_changed;
  mark_fp_dirty();
  return true;
}

bool VirtualHart::write_machine_csr(uint16_t number, uint64_t value, uint64_t mask,
                                    uint8_t& effects) {
  switch (number) {
    case csr_number(Csr::mstatus):
      effects |= write_mstatus(merge(mstatus_, value, mask));
      return true;
    case csr_number(Csr::misa):  // QEMU 7.2: misa is not writable
      return true;
    case csr_number(Csr::medeleg):
      medeleg_ = merge(medeleg_, value, mask & kDelegableExceptions);
      return true;
    case csr_number(Csr::mideleg):
      mideleg_ = merge(mideleg_, value, mask & riscv::qemu_delegable_interrupts);
      return true;
    case csr_number(Csr::mie):
      mie_ = merge(mie_, value, mask & kAllInterrupts);
      return true;
    case csr_number(Csr::mip):
      write_mip(value, mask);
      return true;
    case csr_number(Csr::mtvec):
      write_tvec(mtvec_, merge(mtvec_, value, mask));
      return true;
    case csr_number(Csr::mcounteren):
      mcounteren_ = merge(mcounteren_, value, mask & kLow32);
      return true;
    case csr_number(Csr::menvcfg): {
      const uint64_t writable =
          kEnvcfgWritable | riscv::envcfg::pbmte | (config_.sstc ? riscv::envcfg::stce : 0);
      menvcfg_ = merge(menvcfg_, value, mask & writable);
      return true;
    }
    case csr_number(Csr::mcountinhibit):
      write_mcountinhibit(merge(mcountinhibit_, value, mask));
      return true;
    case csr_number(Csr::mscratch):
      mscratch_ = merge(mscratch_, value, mask);
      return true;
    case csr_number(Csr::mepc):
      mepc_ = merge(mepc_, value, mask);
      return true;
    case csr_number(Csr::mcause):
      mcause_ = merge(mcause_, value, mask);
      return true;
    case csr_number(Csr::mtval):
      mtval_ = merge(mtval_, value, mask);
      return true;
    default:
      break;
  }
  if (in_range(number, Csr::pmpcfg0, Csr::pmpcfg15)) {
    const unsigned first = (number - csr_number(Csr::pmpcfg0)) * 4;
    write_pmpcfg(first, merge(*read_csr(number), value, mask));
  } else if (in_range(number, Csr::pmpaddr0, Csr::pmpaddr63)) {
    const unsigned entry = number - csr_number(Csr::pmpaddr0);
    write_pmpaddr(entry, merge(pmpaddr_[entry], value, mask));
  } else if (in_range(number, Csr::mhpmevent3, Csr::mhpmevent31)) {
    uint64_t& event = mhpmevent_[number - csr_number(Csr::mhpmevent3)];
    event = merge(event, value, mask);
  }
  return true;
}

}  // namespace gh::vcpu
