// execute(): wfi, sfence.vma, ecall, ebreak and non-privileged instructions.
#include "guest.hpp"

namespace gh::vcpu::test {
namespace {

namespace ms = riscv::mstatus;
using riscv::Exception;

TEST(ExecuteWfi, IllegalInUserModeAndInSupervisorModeUnderTw) {
  Guest g;
  g.poke(Csr::mstatus, ms::tw);
  EXPECT_EQ(g.run(kWfi).next, Next::wait_for_interrupt) << "TW does not apply to M-mode";
  g.enter(Privilege::supervisor);
  EXPECT_TRUE(is_illegal(g.run(kWfi)));
  g.poke(Csr::mstatus, 0);
  EXPECT_EQ(g.run(kWfi).next, Next::wait_for_interrupt);
  g.enter(Privilege::user);
  EXPECT_TRUE(is_illegal(g.run(kWfi))) << "wfi from U is illegal when S-mode exists";
}

TEST(ExecuteSfenceVma, PassesAddressAndAsidOnlyWhenRegistersAreNotX0) {
  Guest g;
  g.enter(Privilege::supervisor);
  const Outcome all = g.run(0x12000073);  // sfence.vma zero,zero
  EXPECT_EQ(all.next, Next::sfence_vma);
  EXPECT_FALSE(all.vaddr);
  EXPECT_FALSE(all.asid);
  g.regs[10] = 0x3FFFFFF000;
  g.regs[11] = 0;
  const Outcome one = g.run(0x12b50073);  // sfence.vma a0,a1
  EXPECT_EQ(hex(one.vaddr.value_or(1)), hex(0x3FFFFFF000));
  EXPECT_EQ(one.asid.value_or(1), 0u) << "a1 holding 0 still names ASID 0";
}

TEST(ExecuteSfenceVma, IllegalInUserMode) {
  Guest g;
  g.enter(Privilege::user);
  EXPECT_TRUE(is_illegal(g.run(0x12000073)));
}

TEST(ExecuteEcall, CauseFollowsTheVirtualMode) {
  Guest g;
  EXPECT_EQ(g.run(kEcall).exception, Exception::ecall_from_m);
  g.enter(Privilege::supervisor);
  const Outcome o = g.run(kEcall);
  EXPECT_EQ(o.next, Next::ecall);
  EXPECT_EQ(o.exception, Exception::ecall_from_s);
  g.enter(Privilege::user);
  EXPECT_EQ(g.run(kEcall).exception, Exception::ecall_from_u);
}

TEST(ExecuteEbreak, RaisesBreakpointWithZeroTvalForBothEncodings) {
  Guest g;
  for (uint32_t bits : {kEbreak, 0x9002u}) {
    const Outcome o = g.run(bits);
    EXPECT_EQ(o.next, Next::raise_exception);
    EXPECT_EQ(o.exception, Exception::breakpoint);
    EXPECT_EQ(o.tval, 0u);
  }
}

TEST(ExecuteOther, NonPrivilegedInstructionsRaiseIllegalWithTheirBits) {
  Guest g;
  for (uint32_t bits : {0x00c58533u /* add */, 0x0000u, 0x02b57553u /* fadd.d */}) {
    const Outcome o = g.run(bits);
    EXPECT_TRUE(is_illegal(o)) << hex(bits);
    EXPECT_EQ(hex(o.tval), hex(bits));
  }
}

TEST(ExecuteOutcome, ExceptionRaisedByExecuteIsDeliveredByTakeException) {
  Guest g;
  g.poke(Csr::mtvec, 0x80000000);
  g.enter(Privilege::supervisor);
  const Outcome raised = g.run(kMret);
  ASSERT_EQ(raised.next, Next::raise_exception);
  const Outcome delivered = g.hart.take_exception(raised.exception, raised.tval, 0x80001000);
  EXPECT_EQ(hex(delivered.target), hex(0x80000000));
  EXPECT_EQ(g.peek(Csr::mcause), 2u);
  EXPECT_EQ(hex(g.peek(Csr::mtval)), hex(kMret));
}

TEST(ExecuteReset, ResetKeepsConfigAndClockButClearsState) {
  HartConfig config;
  config.hartid = 1;
  Guest g(config);
  g.hart.set_time(77);
  g.poke(Csr::mscratch, 5);
  g.enter(Privilege::user);
  g.hart.reset();
  EXPECT_EQ(g.hart.privilege(), Privilege::machine);
  EXPECT_EQ(g.peek(Csr::mscratch), 0u);
  EXPECT_EQ(g.peek(Csr::mhartid), 1u);
  EXPECT_EQ(g.hart.time(), 77u);
}

}  // namespace
}  // namespace gh::vcpu::test
