// Which CSR accesses raise illegal instruction: nonexistent CSRs, privilege,
// read-only CSRs, TVM, counteren, Sstc and FS rules.
#include "guest.hpp"

namespace gh::vcpu::test {
namespace {

namespace ms = riscv::mstatus;
namespace ce = riscv::counteren;

TEST(CsrAccess, NonexistentCsrsAreIllegalWithTheInstructionAsTval) {
  Guest g;
  for (Csr csr : {Csr::tselect, Csr::mseccfg, Csr::hstatus, Csr::vsatp, Csr::mtinst}) {
    const uint32_t bits = encode_csr(2, kA0, 0, csr_number(csr));
    const Outcome o = g.run(bits);
    EXPECT_TRUE(is_illegal(o)) << "csrr " << hex(csr_number(csr)) << " should be illegal";
    EXPECT_EQ(hex(o.tval), hex(bits)) << "mtval must hold the instruction";
  }
  EXPECT_FALSE(g.csrr(0x800)) << "custom CSR space";
}

TEST(CsrAccess, SupervisorCannotTouchMachineCsrs) {
  Guest g;
  g.enter(Privilege::supervisor);
  EXPECT_FALSE(g.csrr(Csr::mstatus));
  EXPECT_TRUE(is_illegal(g.csrw(Csr::mscratch, 1)));
  EXPECT_TRUE(g.csrr(Csr::sstatus));
}

TEST(CsrAccess, UserCannotTouchSupervisorCsrs) {
  Guest g;
  g.enter(Privilege::user);
  EXPECT_FALSE(g.csrr(Csr::sstatus));
  EXPECT_FALSE(g.csrr(Csr::satp));
}

TEST(CsrAccess, WritingAReadOnlyCsrIsIllegalButReadingWithX0SourceIsNot) {
  Guest g;
  EXPECT_TRUE(is_illegal(g.csrw(Csr::cycle, 0)));
  EXPECT_TRUE(is_illegal(g.csrs(Csr::mvendorid, 1)));
  EXPECT_TRUE(g.csrr(Csr::cycle)) << "csrrs a0, cycle, x0 only reads";
  const Outcome imm_zero = g.run(encode_csr(6, kA0, 0, csr_number(Csr::time)));  // csrrsi 0
  EXPECT_EQ(imm_zero.next, Next::advance) << "csrrsi with uimm 0 only reads";
}

TEST(CsrAccess, TvmTrapsSatpInSupervisorButNotInMachine) {
  Guest g;
  (void)g.csrs(Csr::mstatus, ms::tvm);
  EXPECT_TRUE(g.csrr(Csr::satp)) << "M-mode ignores TVM";
  g.enter(Privilege::supervisor);
  EXPECT_FALSE(g.csrr(Csr::satp));
  EXPECT_TRUE(is_illegal(g.run(0x12000073))) << "sfence.vma under TVM";
}

TEST(CsrAccess, TimeReadsTheInjectedClock) {
  Guest g;
  g.hart.set_time(123456);
  EXPECT_EQ(*g.csrr(Csr::time), 123456u);
}

TEST(CsrAccess, CounterenGatesCountersBelowMachineMode) {
  Guest g;
  g.enter(Privilege::supervisor);
  EXPECT_FALSE(g.csrr(Csr::time)) << "mcounteren.TM clear";
  g.poke(Csr::mcounteren, ce::tm);
  EXPECT_TRUE(g.csrr(Csr::time));
  EXPECT_FALSE(g.csrr(Csr::cycle)) << "mcounteren.CY clear";
  g.enter(Privilege::user);
  EXPECT_FALSE(g.csrr(Csr::time)) << "U needs scounteren.TM too";
  g.poke(Csr::scounteren, ce::tm);
  EXPECT_TRUE(g.csrr(Csr::time));
  g.poke(Csr::mcounteren, 0);
  EXPECT_FALSE(g.csrr(Csr::time)) << "U needs mcounteren.TM as well";
}

TEST(CsrAccess, HpmCountersBeyondPmuNumAreIllegalEvenInMachineMode) {
  Guest g;
  EXPECT_TRUE(g.csrr(static_cast<uint16_t>(csr_number(Csr::hpmcounter3) + 15)));
  EXPECT_FALSE(g.csrr(static_cast<uint16_t>(csr_number(Csr::hpmcounter3) + 16)));
}

TEST(CsrAccess, StimecmpNeedsStceAndMcounterenTmBelowMachineMode) {
  Guest g;
  EXPECT_TRUE(g.csrr(Csr::stimecmp)) << "always accessible in M";
  g.enter(Privilege::supervisor);
  EXPECT_FALSE(g.csrr(Csr::stimecmp));
  g.poke(Csr::menvcfg, riscv::envcfg::stce);
  EXPECT_FALSE(g.csrr(Csr::stimecmp)) << "STCE without mcounteren.TM";
  g.poke(Csr::mcounteren, ce::tm);
  EXPECT_TRUE(g.csrr(Csr::stimecmp));
  g.enter(Privilege::user);
  EXPECT_FALSE(g.csrr(Csr::stimecmp));
}

TEST(CsrAccess, FloatingPointCsrsNeedFsOn) {
  Guest g;
  EXPECT_FALSE(g.csrr(Csr::fcsr)) << "FS=Off at reset";
  (void)g.csrs(Csr::mstatus, 1ull << 13);  // FS = Initial
  EXPECT_TRUE(g.csrr(Csr::fcsr));
  const Outcome o = g.csrw(Csr::frm, 3);
  EXPECT_EQ(o.effects, effect::fp_state_changed);
  EXPECT_EQ(*g.csrr(Csr::fcsr), 3u << 5);
  EXPECT_EQ(g.peek(Csr::mstatus) & ms::fs, ms::fs) << "an FP CSR write makes FS Dirty";
}

TEST(CsrAccess, CsrrwReadsTheOldValueBeforeWritingWhenRdIsRs1) {
  Guest g;
  g.poke(Csr::mscratch, 111);
  g.regs[kA0] = 222;
  const Outcome o = g.run(encode_csr(1, kA0, kA0, csr_number(Csr::mscratch)));  // csrrw a0,.,a0
  EXPECT_EQ(o.next, Next::advance);
  EXPECT_EQ(g.regs[kA0], 111u);
  EXPECT_EQ(g.peek(Csr::mscratch), 222u);
}

TEST(CsrAccess, CsrInstructionsNeverWriteX0) {
  Guest g;
  g.poke(Csr::mscratch, 7);
  (void)g.run(encode_csr(2, 0, 0, csr_number(Csr::mscratch)));
  EXPECT_EQ(g.regs[0], 0u);
}

TEST(CsrAccess, ImmediateFormsUseTheFiveBitImmediate) {
  Guest g;
  (void)g.run(encode_csr(5, 0, 31, csr_number(Csr::mscratch)));  // csrrwi 31
  EXPECT_EQ(g.peek(Csr::mscratch), 31u);
  (void)g.run(encode_csr(7, 0, 1, csr_number(Csr::mscratch)));  // csrrci 1
  EXPECT_EQ(g.peek(Csr::mscratch), 30u);
}

}  // namespace
}  // namespace gh::vcpu::test
