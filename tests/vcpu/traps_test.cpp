// Exception delivery (medeleg, status stack, tvec) and mret/sret.
#include "guest.hpp"

namespace gh::vcpu::test {
namespace {

namespace ms = riscv::mstatus;
using riscv::Exception;
using riscv::exception_bit;

constexpr uint64_t kPc = 0x80001234;
constexpr uint64_t mpp_of(Privilege p) {
  return uint64_t{static_cast<uint8_t>(p)} << ms::mpp_shift;
}

// A guest that has set up PMP (so mret to lower modes works) and trap vectors.
Guest configured_guest() {
  Guest g;
  g.poke(Csr::pmpaddr0, 0x3FFFFFFFFFFFFF);
  g.poke(Csr::pmpcfg0, 0x0F);
  g.poke(Csr::mtvec, 0x80000100);
  g.poke(Csr::stvec, 0x80000200);
  return g;
}

TEST(ExceptionDelivery, UndelegatedExceptionFromSupervisorGoesToMachine) {
  Guest g = configured_guest();
  g.poke(Csr::mstatus, ms::mie | ms::sie);
  g.enter(Privilege::supervisor);
  const Outcome o = g.hart.take_exception(Exception::load_page_fault, 0xdead, kPc);
  EXPECT_EQ(o.next, Next::jump);
  EXPECT_EQ(hex(o.target), hex(0x80000100)) << "must jump to mtvec";
  EXPECT_EQ(o.effects, effect::translation_changed);
  EXPECT_EQ(g.hart.privilege(), Privilege::machine);
  EXPECT_EQ(hex(g.peek(Csr::mepc)), hex(kPc));
  EXPECT_EQ(g.peek(Csr::mcause), 13u);
  EXPECT_EQ(hex(g.peek(Csr::mtval)), hex(0xdead));
  const uint64_t status = g.peek(Csr::mstatus);
  EXPECT_EQ(hex(status & ms::mpp), hex(mpp_of(Privilege::supervisor))) << "MPP = previous mode";
  EXPECT_TRUE(status & ms::mpie) << "MPIE = old MIE";
  EXPECT_FALSE(status & ms::mie) << "MIE cleared";
  EXPECT_TRUE(status & ms::sie) << "SIE untouched by an M-mode trap";
}

TEST(ExceptionDelivery, DelegatedExceptionFromUserGoesToSupervisor) {
  Guest g = configured_guest();
  g.poke(Csr::medeleg, exception_bit(Exception::ecall_from_u));
  g.poke(Csr::mstatus, ms::sie | ms::spp);
  g.enter(Privilege::user);
  const Outcome o = g.hart.take_exception(Exception::ecall_from_u, 0, kPc);
  EXPECT_EQ(hex(o.target), hex(0x80000200)) << "must jump to stvec";
  EXPECT_EQ(g.hart.privilege(), Privilege::supervisor);
  EXPECT_EQ(hex(g.peek(Csr::sepc)), hex(kPc));
  EXPECT_EQ(g.peek(Csr::scause), 8u);
  EXPECT_EQ(g.peek(Csr::stval), 0u);
  const uint64_t status = g.peek(Csr::mstatus);
  EXPECT_FALSE(status & ms::spp) << "SPP = U";
  EXPECT_TRUE(status & ms::spie) << "SPIE = old SIE";
  EXPECT_FALSE(status & ms::sie);
  EXPECT_EQ(g.peek(Csr::mepc), 0u) << "M-level state untouched";
}

TEST(ExceptionDelivery, DelegationDoesNotApplyToTrapsFromMachineMode) {
  Guest g = configured_guest();
  g.poke(Csr::medeleg, 0xFFFF);
  const Outcome o = g.hart.take_exception(Exception::illegal_instruction, 0x30200073, kPc);
  EXPECT_EQ(hex(o.target), hex(0x80000100));
  EXPECT_EQ(g.hart.privilege(), Privilege::machine);
  EXPECT_EQ(hex(g.peek(Csr::mstatus) & ms::mpp), hex(mpp_of(Privilege::machine)));
}

TEST(ExceptionDelivery, VectoredTvecDoesNotOffsetExceptions) {
  Guest g = configured_guest();
  g.poke(Csr::mtvec, 0x80000101);
  const Outcome o = g.hart.take_exception(Exception::breakpoint, 0, kPc);
  EXPECT_EQ(hex(o.target), hex(0x80000100));
}

TEST(Mret, RestoresTheMachineStatusStackAndJumpsToMepc) {
  Guest g = configured_guest();
  g.poke(Csr::mstatus, ms::mpie | ms::mprv | mpp_of(Privilege::supervisor));
  g.poke(Csr::mepc, 0x80400000);
  const Outcome o = g.run(kMret);
  EXPECT_EQ(o.next, Next::jump);
  EXPECT_EQ(hex(o.target), hex(0x80400000));
  EXPECT_EQ(g.hart.privilege(), Privilege::supervisor);
  const uint64_t status = g.peek(Csr::mstatus);
  EXPECT_TRUE(status & ms::mie) << "MIE = MPIE";
  EXPECT_TRUE(status & ms::mpie) << "MPIE = 1";
  EXPECT_EQ(status & ms::mpp, 0u) << "MPP = U";
  EXPECT_TRUE(status & ms::mprv) << "QEMU 7.2 leaves MPRV set";
}

TEST(Mret, ToALowerModeWithoutAnyPmpEntryIsIllegalOnQemu72) {
  Guest g;
  g.poke(Csr::mstatus, mpp_of(Privilege::supervisor));
  const Outcome o = g.run(kMret);
  EXPECT_TRUE(is_illegal(o)) << "xv6 sets pmpaddr0/pmpcfg0 before mret for this reason";
  EXPECT_EQ(hex(o.tval), hex(kMret));
  EXPECT_EQ(g.hart.privilege(), Privilege::machine);
}

TEST(Mret, ToMachineModeNeedsNoPmp) {
  Guest g;
  g.poke(Csr::mstatus, mpp_of(Privilege::machine));
  EXPECT_EQ(g.run(kMret).next, Next::jump);
}

TEST(Mret, ClearsBitZeroOfMepc) {
  Guest g;
  g.poke(Csr::mstatus, mpp_of(Privilege::machine));
  g.poke(Csr::mepc, 0x80000003);
  EXPECT_EQ(hex(g.run(kMret).target), hex(0x80000002));
}

TEST(Mret, IsIllegalOutsideMachineMode) {
  Guest g = configured_guest();
  g.enter(Privilege::supervisor);
  EXPECT_TRUE(is_illegal(g.run(kMret)));
}

TEST(Sret, RestoresTheSupervisorStatusStackAndJumpsToSepc) {
  Guest g = configured_guest();
  g.poke(Csr::mstatus, ms::spie | ms::spp);
  g.poke(Csr::sepc, 0x80500000);
  g.enter(Privilege::supervisor);
  const Outcome o = g.run(kSret);
  EXPECT_EQ(hex(o.target), hex(0x80500000));
  EXPECT_EQ(g.hart.privilege(), Privilege::supervisor) << "SPP was S";
  const uint64_t status = g.peek(Csr::mstatus);
  EXPECT_TRUE(status & ms::sie) << "SIE = SPIE";
  EXPECT_TRUE(status & ms::spie) << "SPIE = 1";
  EXPECT_FALSE(status & ms::spp) << "SPP = U";
  EXPECT_EQ(g.run(kSret).next, Next::jump);
  EXPECT_EQ(g.hart.privilege(), Privilege::user) << "second sret: SPP was U";
}

TEST(Sret, TsrMakesSretIllegalInSupervisorButNotInMachine) {
  Guest g = configured_guest();
  g.poke(Csr::mstatus, ms::tsr);
  g.enter(Privilege::supervisor);
  EXPECT_TRUE(is_illegal(g.run(kSret)));
  g.enter(Privilege::machine);
  EXPECT_EQ(g.run(kSret).next, Next::jump);
}

TEST(Sret, IsIllegalInUserMode) {
  Guest g = configured_guest();
  g.enter(Privilege::user);
  EXPECT_TRUE(is_illegal(g.run(kSret)));
}

TEST(BootSequence, Xv6StyleStartDropsToSupervisorMode) {
  Guest g;
  (void)g.csrc(Csr::mstatus, ms::mpp);
  (void)g.csrs(Csr::mstatus, mpp_of(Privilege::supervisor));
  (void)g.csrw(Csr::mepc, 0x80000400);
  (void)g.csrw(Csr::satp, 0);
  (void)g.csrw(Csr::medeleg, 0xFFFF);
  (void)g.csrw(Csr::mideleg, 0xFFFF);
  (void)g.csrs(Csr::sie, 0x222);
  (void)g.csrw(Csr::pmpaddr0, 0x3FFFFFFFFFFFFF);
  (void)g.csrw(Csr::pmpcfg0, 0xF);
  const Outcome o = g.run(kMret);
  ASSERT_EQ(o.next, Next::jump) << "guest took an exception instead of entering main";
  EXPECT_EQ(hex(o.target), hex(0x80000400));
  EXPECT_EQ(g.hart.privilege(), Privilege::supervisor);
  EXPECT_EQ(hex(g.peek(Csr::medeleg)), hex(0xBFFF));
  EXPECT_EQ(hex(g.peek(Csr::sie)), hex(0x222));
}

}  // namespace
}  // namespace gh::vcpu::test
