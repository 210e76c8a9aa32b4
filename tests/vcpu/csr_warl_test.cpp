// WARL behaviour of each CSR, as a guest in virtual M-mode sees it on QEMU 7.2.
#include "guest.hpp"

namespace gh::vcpu::test {
namespace {

namespace ms = riscv::mstatus;
using riscv::Interrupt;
using riscv::interrupt_bit;

constexpr uint64_t kAllOnes = ~0ull;
constexpr uint64_t kSsip = interrupt_bit(Interrupt::supervisor_software);
constexpr uint64_t kStip = interrupt_bit(Interrupt::supervisor_timer);
constexpr uint64_t kSeip = interrupt_bit(Interrupt::supervisor_external);

// Writes all ones, then reads back.
uint64_t write_all_ones(Guest& g, Csr csr) {
  EXPECT_EQ(g.csrw(csr, kAllOnes).next, Next::advance) << "csrw " << csr_number(csr);
  return g.csrr(csr).value_or(0xDEAD);
}

TEST(CsrWarl, MisaReadsRv64ImafdcsuAndIgnoresWrites) {
  Guest g;
  const uint64_t expected = 0x800000000014112Dull;  // MXL=2, A C D F I M S U
  EXPECT_EQ(hex(*g.csrr(Csr::misa)), hex(expected));
  EXPECT_EQ(hex(write_all_ones(g, Csr::misa)), hex(expected)) << "misa must stay read-only";
}

TEST(CsrWarl, MstatusKeepsReadOnlyFieldsAndComputesSd) {
  Guest g;
  EXPECT_EQ(hex(*g.csrr(Csr::mstatus)), hex(0xA00000000)) << "reset: only SXL=UXL=64-bit";
  // Writable: SIE SPIE MIE MPIE SPP VS MPP FS MPRV SUM MXR TVM TW TSR; SXL/UXL fixed;
  // SD set because FS (and VS) read Dirty; XS, UBE, MPV, GVA, SBE, MBE stay 0.
  EXPECT_EQ(hex(write_all_ones(g, Csr::mstatus)), hex(0x8000000A007E7FAAull));
  EXPECT_EQ(hex(*g.csrr(Csr::mstatus) & ms::uxl), hex(2ull << ms::uxl_shift));
}

TEST(CsrWarl, MstatusReservedMppValueKeepsThePreviousMode) {
  Guest g;
  (void)g.csrw(Csr::mstatus, 1ull << ms::mpp_shift);  // MPP = S
  (void)g.csrw(Csr::mstatus, 2ull << ms::mpp_shift);  // MPP = 2 is reserved
  EXPECT_EQ(hex(*g.csrr(Csr::mstatus) & ms::mpp), hex(1ull << ms::mpp_shift));
}

TEST(CsrWarl, MstatusWriteReportsTranslationAndFpEffects) {
  Guest g;
  EXPECT_EQ(g.csrs(Csr::mstatus, ms::sum).effects, effect::translation_changed);
  EXPECT_EQ(g.csrs(Csr::mstatus, ms::fs).effects, effect::fp_state_changed);
  EXPECT_EQ(g.csrs(Csr::mstatus, ms::sie).effects, effect::none);
}

TEST(CsrWarl, SstatusIsAMaskedViewOfMstatus) {
  Guest g;
  (void)g.csrw(Csr::mstatus, ms::mie | ms::mpie);
  g.enter(Privilege::supervisor);
  EXPECT_EQ(hex(write_all_ones(g, Csr::sstatus)), hex(0x80000002000C6722ull))
      << "sstatus: SIE SPIE SPP VS FS SUM MXR + UXL + SD";
  g.enter(Privilege::machine);
  EXPECT_EQ(*g.csrr(Csr::mstatus) & (ms::mie | ms::mpie | ms::tvm), ms::mie | ms::mpie)
      << "an sstatus write must not touch M-only fields";
}

TEST(CsrWarl, TvecWritesWithReservedModeAreIgnored) {
  Guest g;
  (void)g.csrw(Csr::mtvec, 0x80001001);  // vectored
  EXPECT_EQ(hex(*g.csrr(Csr::mtvec)), hex(0x80001001));
  (void)g.csrw(Csr::mtvec, 0x80002002);  // MODE 2: reserved
  EXPECT_EQ(hex(*g.csrr(Csr::mtvec)), hex(0x80001001)) << "the whole write is dropped";
  (void)g.csrw(Csr::stvec, 0x80003003);
  EXPECT_EQ(hex(*g.csrr(Csr::stvec)), hex(0));
}

TEST(CsrWarl, MedelegHasQemuDelegableExceptions) {
  Guest g;
  EXPECT_EQ(hex(write_all_ones(g, Csr::medeleg)), hex(0xF0BFFF));
}

TEST(CsrWarl, MidelegDelegatesSupervisorAndVirtualSupervisorInterruptsAsQemu72) {
  Guest g;
  EXPECT_EQ(hex(write_all_ones(g, Csr::mideleg)), hex(0x2666));
}

TEST(CsrWarl, MieEnablesOnlyStandardMAndSInterrupts) {
  Guest g;
  EXPECT_EQ(hex(write_all_ones(g, Csr::mie)), hex(0xAAA));
}

TEST(CsrWarl, MipOnlySupervisorBitsAreWritable) {
  Guest g;
  EXPECT_EQ(hex(write_all_ones(g, Csr::mip)), hex(kSsip | kStip | kSeip));
  (void)g.csrw(Csr::mip, 0);
  EXPECT_EQ(hex(*g.csrr(Csr::mip)), hex(0));
}

TEST(CsrWarl, MipStipBelongsToStimecmpWhenStceIsSet) {
  Guest g;
  (void)g.csrw(Csr::menvcfg, riscv::envcfg::stce);
  (void)g.csrw(Csr::stimecmp, ~0ull);  // far future: STIP low
  (void)g.csrs(Csr::mip, kStip);
  EXPECT_EQ(hex(*g.csrr(Csr::mip) & kStip), hex(0)) << "M-mode write to STIP must be ignored";
}

TEST(CsrWarl, MipSeipIsSoftwareBitOrExternalLine) {
  Guest g;
  g.hart.set_external_interrupt(Privilege::supervisor, true);
  EXPECT_EQ(hex(*g.csrr(Csr::mip)), hex(kSeip));
  (void)g.csrc(Csr::mip, kSeip);  // clearing the software bit does not hide the line
  EXPECT_EQ(hex(*g.csrr(Csr::mip)), hex(kSeip));
  g.hart.set_external_interrupt(Privilege::supervisor, false);
  EXPECT_EQ(hex(*g.csrr(Csr::mip)), hex(0));
  (void)g.csrs(Csr::mip, kSeip);
  EXPECT_EQ(hex(*g.csrr(Csr::mip)), hex(kSeip));
}

TEST(CsrWarl, SipOnlySsipIsWritableAndOnlyWhenDelegated) {
  Guest g;
  g.enter(Privilege::supervisor);
  EXPECT_EQ(hex(write_all_ones(g, Csr::sip)), hex(0)) << "nothing delegated: sip reads 0";
  g.poke(Csr::mideleg, 0x222);
  EXPECT_EQ(hex(write_all_ones(g, Csr::sip)), hex(kSsip));
  EXPECT_EQ(hex(g.peek(Csr::mip)), hex(kSsip)) << "STIP/SEIP not writable through sip";
}

TEST(CsrWarl, SieIsMieMaskedByMideleg) {
  Guest g;
  g.poke(Csr::mideleg, kStip);
  g.enter(Privilege::supervisor);
  EXPECT_EQ(hex(write_all_ones(g, Csr::sie)), hex(kStip));
  EXPECT_EQ(hex(g.peek(Csr::mie)), hex(kStip));
}

TEST(CsrWarl, SatpIgnoresWritesOfUnsupportedModes) {
  Guest g;
  const uint64_t sv39 = riscv::satp::make(riscv::satp::mode_sv39, 0, 0x80200000);
  EXPECT_EQ(g.csrw(Csr::satp, sv39).effects, effect::satp_changed);
  EXPECT_EQ(hex(*g.csrr(Csr::satp)), hex(sv39));
  EXPECT_EQ(g.csrw(Csr::satp, sv39).effects, effect::none) << "same value: nothing changed";
  (void)g.csrw(Csr::satp, riscv::satp::make(1, 0, 0x1000));  // MODE 1 is reserved
  EXPECT_EQ(hex(*g.csrr(Csr::satp)), hex(sv39));
  const uint64_t full_asid = riscv::satp::make(riscv::satp::mode_sv48, 0xFFFF, 0x1000);
  (void)g.csrw(Csr::satp, full_asid);
  EXPECT_EQ(hex(*g.csrr(Csr::satp)), hex(full_asid)) << "all 16 ASID bits are writable";
}

TEST(CsrWarl, SatpModesFollowTheConfiguredShadowMmu) {
  HartConfig config;
  config.satp_modes = satp_mode_bit(riscv::satp::mode_bare) | satp_mode_bit(riscv::satp::mode_sv39);
  Guest g(config);
  (void)g.csrw(Csr::satp, riscv::satp::make(riscv::satp::mode_sv57, 0, 0x1000));
  EXPECT_EQ(hex(*g.csrr(Csr::satp)), hex(0)) << "Linux probes Sv57 by write and read-back";
}

TEST(CsrWarl, EnvcfgWritableFields) {
  Guest g;
  EXPECT_EQ(hex(write_all_ones(g, Csr::menvcfg)), hex(0xC0000000000000F1ull));
  EXPECT_EQ(hex(write_all_ones(g, Csr::senvcfg)), hex(0xF1));
}

TEST(CsrWarl, MenvcfgStceIsReadOnlyZeroWithoutSstc) {
  HartConfig config;
  config.sstc = false;
  Guest g(config);
  EXPECT_EQ(hex(write_all_ones(g, Csr::menvcfg)), hex(0x40000000000000F1ull));
  EXPECT_FALSE(g.csrr(Csr::stimecmp)) << "no Sstc: stimecmp does not exist";
}

TEST(CsrWarl, CounterenRegistersAre32Bits) {
  Guest g;
  EXPECT_EQ(hex(write_all_ones(g, Csr::mcounteren)), hex(0xFFFFFFFF));
  EXPECT_EQ(hex(write_all_ones(g, Csr::scounteren)), hex(0xFFFFFFFF));
  EXPECT_EQ(hex(write_all_ones(g, Csr::mcountinhibit)), hex(0xFFFFFFFF));
}

TEST(CsrWarl, FullWidthScratchEpcCauseTval) {
  Guest g;
  for (Csr csr : {Csr::mscratch, Csr::mepc, Csr::mcause, Csr::mtval, Csr::sscratch, Csr::sepc,
                  Csr::scause, Csr::stval, Csr::mhpmevent3, Csr::mhpmcounter3}) {
    EXPECT_EQ(hex(write_all_ones(g, csr)), hex(kAllOnes)) << "CSR " << hex(csr_number(csr));
  }
}

TEST(CsrWarl, IdentityCsrsAreReadOnlyAndComeFromTheConfig) {
  HartConfig config;
  config.hartid = 2;
  Guest g(config);
  EXPECT_EQ(*g.csrr(Csr::mhartid), 2u);
  EXPECT_EQ(hex(*g.csrr(Csr::marchid)), hex(0x70200));
  EXPECT_EQ(*g.csrr(Csr::mvendorid), 0u);
  EXPECT_EQ(*g.csrr(Csr::mconfigptr), 0u);
  EXPECT_TRUE(is_illegal(g.csrw(Csr::mhartid, 5))) << "writing a read-only CSR is illegal";
}

TEST(CsrWarl, PmpLockedEntryIgnoresWrites) {
  Guest g;
  (void)g.csrw(Csr::pmpaddr0, 0x1000);
  (void)g.csrw(Csr::pmpcfg0, 0x8F);  // entry 0: L, TOR, RWX
  (void)g.csrw(Csr::pmpcfg0, 0x0F0F);
  EXPECT_EQ(hex(*g.csrr(Csr::pmpcfg0)), hex(0x0F8F)) << "entry 0 locked, entry 1 written";
  (void)g.csrw(Csr::pmpaddr0, 0x2000);
  EXPECT_EQ(hex(*g.csrr(Csr::pmpaddr0)), hex(0x1000));
}

TEST(CsrWarl, PmpAddressBelowALockedTorEntryIsLocked) {
  Guest g;
  (void)g.csrw(Csr::pmpaddr0, 0x1000);
  (void)g.csrw(Csr::pmpcfg0, 0x8F00);  // entry 1: L, TOR
  (void)g.csrw(Csr::pmpaddr0, 0x2000);
  EXPECT_EQ(hex(*g.csrr(Csr::pmpaddr0)), hex(0x1000));
}

TEST(CsrWarl, PmpHasSixteenEntriesAsOnQemu72) {
  Guest g;
  EXPECT_TRUE(g.csrr(Csr::pmpcfg0));
  EXPECT_TRUE(g.csrr(static_cast<uint16_t>(csr_number(Csr::pmpcfg0) + 2)));
  EXPECT_FALSE(g.csrr(static_cast<uint16_t>(csr_number(Csr::pmpcfg0) + 1))) << "odd on RV64";
  EXPECT_FALSE(g.csrr(static_cast<uint16_t>(csr_number(Csr::pmpcfg0) + 4)));
  EXPECT_TRUE(g.csrr(static_cast<uint16_t>(csr_number(Csr::pmpaddr0) + 15)));
  EXPECT_FALSE(g.csrr(static_cast<uint16_t>(csr_number(Csr::pmpaddr0) + 16)));
}

TEST(CsrWarl, CountersExistUpToPmuNum) {
  Guest g;
  EXPECT_TRUE(g.csrr(static_cast<uint16_t>(csr_number(Csr::mhpmcounter3) + 15)));
  EXPECT_FALSE(g.csrr(static_cast<uint16_t>(csr_number(Csr::mhpmcounter3) + 16)));
  EXPECT_TRUE(g.csrr(Csr::mhpmevent31));
}

TEST(CsrWarl, McycleIsWritableAndFrozenByMcountinhibit) {
  Guest g;
  g.hart.set_time(100);
  (void)g.csrw(Csr::mcycle, 1000);
  g.hart.set_time(150);
  EXPECT_EQ(*g.csrr(Csr::mcycle), 1050u);
  EXPECT_EQ(*g.csrr(Csr::cycle), 1050u);
  (void)g.csrw(Csr::mcountinhibit, riscv::counteren::cy);
  g.hart.set_time(500);
  EXPECT_EQ(*g.csrr(Csr::mcycle), 1050u) << "inhibited counter must not advance";
  (void)g.csrw(Csr::mcountinhibit, 0);
  g.hart.set_time(510);
  EXPECT_EQ(*g.csrr(Csr::mcycle), 1060u);
}

}  // namespace
}  // namespace gh::vcpu::test
