#include "gdbstub/riscv_registers.hpp"

#include <array>

namespace gh::gdbstub::riscv {

namespace {

using gh::riscv::Csr;

// Names for the CSRs of riscv/csr.hpp (numbers come from there, not from this table).
constexpr std::array kDescribedCsrs{
    CsrName{Csr::cycle, "cycle"},
    CsrName{Csr::time, "time"},
    CsrName{Csr::instret, "instret"},
    CsrName{Csr::sstatus, "sstatus"},
    CsrName{Csr::sie, "sie"},
    CsrName{Csr::stvec, "stvec"},
    CsrName{Csr::scounteren, "scounteren"},
    CsrName{Csr::senvcfg, "senvcfg"},
    CsrName{Csr::sscratch, "sscratch"},
    CsrName{Csr::sepc, "sepc"},
    CsrName{Csr::scause, "scause"},
    CsrName{Csr::stval, "stval"},
    CsrName{Csr::sip, "sip"},
    CsrName{Csr::stimecmp, "stimecmp"},
    CsrName{Csr::satp, "satp"},
    CsrName{Csr::hstatus, "hstatus"},
    CsrName{Csr::hedeleg, "hedeleg"},
    CsrName{Csr::hideleg, "hideleg"},
    CsrName{Csr::hie, "hie"},
    CsrName{Csr::htimedelta, "htimedelta"},
    CsrName{Csr::hcounteren, "hcounteren"},
    CsrName{Csr::hgeie, "hgeie"},
    CsrName{Csr::henvcfg, "henvcfg"},
    CsrName{Csr::htval, "htval"},
    CsrName{Csr::hip, "hip"},
    CsrName{Csr::hvip, "hvip"},
    CsrName{Csr::htinst, "htinst"},
    CsrName{Csr::hgatp, "hgatp"},
    CsrName{Csr::hgeip, "hgeip"},
    CsrName{Csr::vsstatus, "vsstatus"},
    CsrName{Csr::vsie, "vsie"},
    CsrName{Csr::vstvec, "vstvec"},
    CsrName{Csr::vsscratch, "vsscratch"},
    CsrName{Csr::vsepc, "vsepc"},
    CsrName{Csr::vscause, "vscause"},
    CsrName{Csr::vstval, "vstval"},
    CsrName{Csr::vsip, "vsip"},
    CsrName{Csr::vstimecmp, "vstimecmp"},
    CsrName{Csr::vsatp, "vsatp"},
    CsrName{Csr::mvendorid, "mvendorid"},
    CsrName{Csr::marchid, "marchid"},
    CsrName{Csr::mimpid, "mimpid"},
    CsrName{Csr::mhartid, "mhartid"},
    CsrName{Csr::mconfigptr, "mconfigptr"},
    CsrName{Csr::mstatus, "mstatus"},
    CsrName{Csr::misa, "misa"},
    CsrName{Csr::medeleg, "medeleg"},
    CsrName{Csr::mideleg, "mideleg"},
    CsrName{Csr::mie, "mie"},
    CsrName{Csr::mtvec, "mtvec"},
    CsrName{Csr::mcounteren, "mcounteren"},
    CsrName{Csr::menvcfg, "menvcfg"},
    CsrName{Csr::mcountinhibit, "mcountinhibit"},
    CsrName{Csr::mscratch, "mscratch"},
    CsrName{Csr::mepc, "mepc"},
    CsrName{Csr::mcause, "mcause"},
    CsrName{Csr::mtval, "mtval"},
    CsrName{Csr::mip, "mip"},
    CsrName{Csr::mtinst, "mtinst"},
    CsrName{Csr::mtval2, "mtval2"},
    CsrName{Csr::pmpcfg0, "pmpcfg0"},
    CsrName{Csr::pmpaddr0, "pmpaddr0"},
    CsrName{Csr::mseccfg, "mseccfg"},
    CsrName{Csr::mcycle, "mcycle"},
    CsrName{Csr::minstret, "minstret"},
    CsrName{Csr::tselect, "tselect"},
    CsrName{Csr::tdata1, "tdata1"},
    CsrName{Csr::tdata2, "tdata2"},
    CsrName{Csr::tdata3, "tdata3"},
    CsrName{Csr::tinfo, "tinfo"},
};

constexpr unsigned kFflags = csr_regnum(Csr::fflags);
constexpr unsigned kFcsr = csr_regnum(Csr::fcsr);

bool is_described_csr(unsigned regnum) {
  for (const CsrName& entry : kDescribedCsrs) {
    if (csr_regnum(entry.csr) == regnum) return true;
  }
  return false;
}

}  // namespace

std::span<const CsrName> described_csrs() { return kDescribedCsrs; }

size_t register_size(unsigned regnum) {
  if (regnum < kFirstCsr) return 8;  // x0..x31, pc, f0..f31 (D extension)
  if (regnum >= kFflags && regnum <= kFcsr) return 4;
  if (regnum == kPriv) return 8;
  return is_described_csr(regnum) ? 8 : 0;
}

}  // namespace gh::gdbstub::riscv
