// The one home for RISC-V CSR numbers and the fields the hypervisor uses.
// Numbers from the RISC-V privileged specification (20211203) and the H extension.
#pragma once

#include <cstdint>

namespace gh::riscv {

enum class Csr : uint16_t {
  // Unprivileged floating point and counters.
  fflags = 0x001,
  frm = 0x002,
  fcsr = 0x003,
  cycle = 0xC00,
  time = 0xC01,
  instret = 0xC02,
  hpmcounter3 = 0xC03,
  hpmcounter31 = 0xC1F,

  // Supervisor.
  sstatus = 0x100,
  sie = 0x104,
  stvec = 0x105,
  scounteren = 0x106,
  senvcfg = 0x10A,
  sscratch = 0x140,
  sepc = 0x141,
  scause = 0x142,
  stval = 0x143,
  sip = 0x144,
  stimecmp = 0x14D,
  satp = 0x180,

  // Hypervisor and virtual supervisor (H extension).
  hstatus = 0x600,
  hedeleg = 0x602,
  hideleg = 0x603,
  hie = 0x604,
  htimedelta = 0x605,
  hcounteren = 0x606,
  hgeie = 0x607,
  henvcfg = 0x60A,
  htval = 0x643,
  hip = 0x644,
  hvip = 0x645,
  htinst = 0x64A,
  hgatp = 0x680,
  hgeip = 0xE12,
  vsstatus = 0x200,
  vsie = 0x204,
  vstvec = 0x205,
  vsscratch = 0x240,
  vsepc = 0x241,
  vscause = 0x242,
  vstval = 0x243,
  vsip = 0x244,
  vstimecmp = 0x24D,
  vsatp = 0x280,

  // Machine.
  mvendorid = 0xF11,
  marchid = 0xF12,
  mimpid = 0xF13,
  mhartid = 0xF14,
  mconfigptr = 0xF15,
  mstatus = 0x300,
  misa = 0x301,
  medeleg = 0x302,
  mideleg = 0x303,
  mie = 0x304,
  mtvec = 0x305,
  mcounteren = 0x306,
  menvcfg = 0x30A,
  mcountinhibit = 0x320,
  mhpmevent3 = 0x323,
  mhpmevent31 = 0x33F,
  mscratch = 0x340,
  mepc = 0x341,
  mcause = 0x342,
  mtval = 0x343,
  mip = 0x344,
  mtinst = 0x34A,
  mtval2 = 0x34B,
  pmpcfg0 = 0x3A0,
  pmpcfg15 = 0x3AF,
  pmpaddr0 = 0x3B0,
  pmpaddr63 = 0x3EF,
  mseccfg = 0x747,
  mcycle = 0xB00,
  minstret = 0xB02,
  mhpmcounter3 = 0xB03,
  mhpmcounter31 = 0xB1F,

  // Debug trigger module.
  tselect = 0x7A0,
  tdata1 = 0x7A1,
  tdata2 = 0x7A2,
  tdata3 = 0x7A3,
  tinfo = 0x7A4,
};

constexpr uint16_t csr_number(Csr csr) { return static_cast<uint16_t>(csr); }

// Privilege levels as encoded in xPP fields and CSR numbers.
enum class Privilege : uint8_t { user = 0, supervisor = 1, machine = 3 };

// Bits [9:8] of a CSR number: the lowest privilege that may access it.
constexpr Privilege csr_min_privilege(uint16_t number) {
  return static_cast<Privilege>((number >> 8) & 3);
}
// Bits [11:10] == 0b11: read-only CSR.
constexpr bool csr_is_read_only(uint16_t number) { return ((number >> 10) & 3) == 3; }

// mstatus / sstatus fields.
namespace mstatus {
constexpr uint64_t sie = 1ull << 1;
constexpr uint64_t mie = 1ull << 3;
constexpr uint64_t spie = 1ull << 5;
constexpr uint64_t ube = 1ull << 6;
constexpr uint64_t mpie = 1ull << 7;
constexpr uint64_t spp = 1ull << 8;
constexpr uint64_t vs = 3ull << 9;
constexpr unsigned mpp_shift = 11;
constexpr uint64_t mpp = 3ull << mpp_shift;
constexpr uint64_t fs = 3ull << 13;
constexpr uint64_t fs_clean = 2ull << 13;  // FS = Dirty is all of `fs`
constexpr uint64_t xs = 3ull << 15;
constexpr uint64_t mprv = 1ull << 17;
constexpr uint64_t sum = 1ull << 18;
constexpr uint64_t mxr = 1ull << 19;
constexpr uint64_t tvm = 1ull << 20;
constexpr uint64_t tw = 1ull << 21;
constexpr uint64_t tsr = 1ull << 22;
constexpr unsigned uxl_shift = 32;
constexpr uint64_t uxl = 3ull << uxl_shift;
constexpr unsigned sxl_shift = 34;
constexpr uint64_t sxl = 3ull << sxl_shift;
constexpr uint64_t sbe = 1ull << 36;
constexpr uint64_t mbe = 1ull << 37;
constexpr uint64_t gva = 1ull << 38;
constexpr uint64_t mpv = 1ull << 39;
constexpr uint64_t sd = 1ull << 63;
}  // namespace mstatus

// hstatus fields (H extension).
namespace hstatus {
constexpr uint64_t gva = 1ull << 6;
constexpr uint64_t spv = 1ull << 7;
constexpr uint64_t spvp = 1ull << 8;
constexpr uint64_t hu = 1ull << 9;
constexpr uint64_t vtvm = 1ull << 20;
constexpr uint64_t vtw = 1ull << 21;
constexpr uint64_t vtsr = 1ull << 22;
constexpr unsigned vsxl_shift = 32;
}  // namespace hstatus

// Interrupt numbers: bit positions in mip/mie/sip/sie, and the cause code with the
// interrupt bit clear.
enum class Interrupt : uint8_t {
  supervisor_software = 1,
  virtual_supervisor_software = 2,
  machine_software = 3,
  supervisor_timer = 5,
  virtual_supervisor_timer = 6,
  machine_timer = 7,
  supervisor_external = 9,
  virtual_supervisor_external = 10,
  machine_external = 11,
  supervisor_guest_external = 12,
};

constexpr uint64_t interrupt_bit(Interrupt irq) { return 1ull << static_cast<unsigned>(irq); }

// Synchronous exception causes.
enum class Exception : uint8_t {
  instruction_misaligned = 0,
  instruction_access_fault = 1,
  illegal_instruction = 2,
  breakpoint = 3,
  load_misaligned = 4,
  load_access_fault = 5,
  store_misaligned = 6,
  store_access_fault = 7,
  ecall_from_u = 8,
  ecall_from_s = 9,
  ecall_from_vs = 10,
  ecall_from_m = 11,
  instruction_page_fault = 12,
  load_page_fault = 13,
  store_page_fault = 15,
  instruction_guest_page_fault = 20,
  load_guest_page_fault = 21,
  virtual_instruction = 22,
  store_guest_page_fault = 23,
};

constexpr uint64_t cause_interrupt_flag = 1ull << 63;

constexpr uint64_t exception_bit(Exception e) { return 1ull << static_cast<unsigned>(e); }

// Interrupt groups as bit masks over mip/mie.
constexpr uint64_t s_mode_interrupts = interrupt_bit(Interrupt::supervisor_software) |
                                       interrupt_bit(Interrupt::supervisor_timer) |
                                       interrupt_bit(Interrupt::supervisor_external);
// Writable bits of mideleg on QEMU 7.2: S- and VS-level interrupts and the local
// counter-overflow interrupt (13), whether or not the hart has the H extension.
constexpr uint64_t qemu_delegable_interrupts = 0x2666;
constexpr uint64_t m_mode_interrupts = interrupt_bit(Interrupt::machine_software) |
                                       interrupt_bit(Interrupt::machine_timer) |
                                       interrupt_bit(Interrupt::machine_external);

// misa: MXL in the top two bits, one bit per extension letter.
namespace misa {
constexpr uint64_t mxl_64 = 2ull << 62;
constexpr uint64_t extension(char letter) { return 1ull << (letter - 'A'); }
}  // namespace misa

// mtvec / stvec: MODE in bits [1:0].
namespace tvec {
constexpr uint64_t mode_mask = 3;
constexpr uint64_t mode_direct = 0;
constexpr uint64_t mode_vectored = 1;
}  // namespace tvec

// mcounteren / scounteren / mcountinhibit: one bit per counter (bit n for CSR 0xC00 + n).
namespace counteren {
constexpr uint64_t cy = 1ull << 0;
constexpr uint64_t tm = 1ull << 1;
constexpr uint64_t ir = 1ull << 2;
}  // namespace counteren

// menvcfg / senvcfg fields.
namespace envcfg {
constexpr uint64_t fiom = 1ull << 0;
constexpr uint64_t cbie = 3ull << 4;
constexpr uint64_t cbcfe = 1ull << 6;
constexpr uint64_t cbze = 1ull << 7;
constexpr uint64_t pbmte = 1ull << 62;  // menvcfg only
constexpr uint64_t stce = 1ull << 63;   // menvcfg only (Sstc)
}  // namespace envcfg

// One byte of pmpcfgN: the configuration of one PMP entry.
namespace pmpcfg {
constexpr uint8_t r = 1u << 0;
constexpr uint8_t w = 1u << 1;
constexpr uint8_t x = 1u << 2;
constexpr unsigned a_shift = 3;
constexpr uint8_t a = 3u << a_shift;
constexpr uint8_t a_off = 0;
constexpr uint8_t a_tor = 1;
constexpr uint8_t a_na4 = 2;
constexpr uint8_t a_napot = 3;
constexpr uint8_t l = 1u << 7;
constexpr uint8_t address_mode(uint8_t cfg) { return (cfg & a) >> a_shift; }
}  // namespace pmpcfg

// satp (Sv39/Sv48/Sv57 on RV64).
namespace satp {
constexpr unsigned mode_shift = 60;
constexpr uint64_t mode_bare = 0;
constexpr uint64_t mode_sv39 = 8;
constexpr uint64_t mode_sv48 = 9;
constexpr uint64_t mode_sv57 = 10;
constexpr unsigned asid_shift = 44;
constexpr uint64_t asid_mask = 0xFFFFull;
constexpr uint64_t ppn_mask = (1ull << 44) - 1;
constexpr uint64_t make(uint64_t mode, uint64_t asid, uint64_t root_pa) {
  return (mode << mode_shift) | ((asid & asid_mask) << asid_shift) | ((root_pa >> 12) & ppn_mask);
}
}  // namespace satp

// Page-table entry bits (Sv39/Sv48).
namespace pte {
constexpr uint64_t v = 1ull << 0;
constexpr uint64_t r = 1ull << 1;
constexpr uint64_t w = 1ull << 2;
constexpr uint64_t x = 1ull << 3;
constexpr uint64_t u = 1ull << 4;
constexpr uint64_t g = 1ull << 5;
constexpr uint64_t a = 1ull << 6;
constexpr uint64_t d = 1ull << 7;
constexpr unsigned ppn_shift = 10;
constexpr uint64_t ppn_mask = (1ull << 44) - 1;
constexpr uint64_t n = 1ull << 63;
constexpr uint64_t pbmt = 3ull << 61;
constexpr uint64_t reserved = 0x7Full << 54;
constexpr uint64_t pa(uint64_t entry) { return ((entry >> ppn_shift) & ppn_mask) << 12; }
constexpr uint64_t make(uint64_t pa, uint64_t flags) { return ((pa >> 12) << ppn_shift) | flags; }
}  // namespace pte

}  // namespace gh::riscv
