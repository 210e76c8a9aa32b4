// The RISC-V register description: gdb's numbering and the sizes on RV64.
//   x0..x31 = 0..31, pc = 32, f0..f31 = 33..64, CSR n = 65 + n (fflags 66, frm 67,
//   fcsr 68), priv (virtual: the current privilege level) = 4161.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "riscv/csr.hpp"

namespace gh::gdbstub::riscv {

inline constexpr unsigned kFirstGpr = 0;
inline constexpr unsigned kPc = 32;
inline constexpr unsigned kFirstFpr = 33;
inline constexpr unsigned kFirstCsr = 65;
inline constexpr unsigned kPriv = 4161;
// The `g` packet carries x0..x31 and pc; everything else goes through p/P.
inline constexpr unsigned kGPacketRegisters = 33;

constexpr unsigned csr_regnum(gh::riscv::Csr csr) { return kFirstCsr + gh::riscv::csr_number(csr); }
constexpr unsigned gpr_regnum(unsigned index) { return kFirstGpr + index; }
constexpr unsigned fpr_regnum(unsigned index) { return kFirstFpr + index; }

struct CsrName {
  gh::riscv::Csr csr;
  const char* name;
};

// CSRs described in the csr feature (fflags/frm/fcsr live in the fpu feature).
std::span<const CsrName> described_csrs();

// Size in bytes on the wire, or 0 if the register is not in our description.
size_t register_size(unsigned regnum);

}  // namespace gh::gdbstub::riscv
