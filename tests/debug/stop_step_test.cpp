// All-stop and single step: --wait-gdb holds the vCPU before its first instruction,
// Ctrl-C stops it through its mailbox, a step ends after one instruction whether the
// hypervisor emulates it (csrw) or the guest runs it (a temporary breakpoint).
#include <gtest/gtest.h>

#include "debug_vm.hpp"

namespace gh::debug::test {
namespace {

using gdbstub::ResumeKind;
using gdbstub::Status;
using tae::ExitAction;

constexpr uint32_t addi_a0 = 0x00150513;        // addi a0, a0, 1
constexpr uint32_t csrw_sscratch = 0x14051073;  // csrw sscratch, a0
constexpr uint64_t illegal_instruction = 2;
constexpr uint64_t breakpoint_cause = 3;
constexpr uint64_t host_software_interrupt = (1ull << 63) | 1;

TEST(StopStepTest, WaitGdbHoldsTheVcpuBeforeItsFirstInstruction) {
  DebugVm vm(true);
  EXPECT_FALSE(vm.poll().has_value()) << "not parked yet";
  EXPECT_EQ(vm.first_poll().kind, ExitAction::Kind::idle);
  EXPECT_FALSE(vm.vcpu.timer_deadline().has_value()) << "a held vCPU needs no host timer";
  auto stop = vm.poll();
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->thread, 1u);
  EXPECT_EQ(stop->signal, gdbstub::gdb_signal::trap);
  EXPECT_EQ(vm.state.pc, entry);
}

TEST(StopStepTest, InterruptStopsARunningVcpuThroughItsMailbox) {
  DebugVm vm(false);
  EXPECT_EQ(vm.first_poll().kind, ExitAction::Kind::resume) << "no --wait-gdb: it runs";
  vm.target.interrupt();
  EXPECT_EQ(vm.hooks.kicks.size(), 1u) << "the vCPU's hart was kicked";
  EXPECT_FALSE(vm.poll().has_value());
  EXPECT_EQ(vm.vcpu.handle_trap(host_software_interrupt, 0).kind, ExitAction::Kind::idle);
  auto stop = vm.poll();
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->signal, gdbstub::gdb_signal::interrupt);
}

class StepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(vm.first_poll().kind, ExitAction::Kind::idle);
    ASSERT_TRUE(vm.poll().has_value());
  }
  void step() {
    gdbstub::ResumeAction action{ResumeKind::step, 0};
    ASSERT_EQ(vm.target.resume(std::span(&action, 1)), Status::ok);
    ASSERT_EQ(vm.vcpu.poll_idle().kind, ExitAction::Kind::resume);
  }
  DebugVm vm;
};

TEST_F(StepTest, AnEmulatedInstructionEndsTheStepAtItsExit) {
  vm.put32(entry, csrw_sscratch);
  vm.state.x[10] = 0x5a;
  step();
  EXPECT_EQ(vm.vcpu.handle_trap(illegal_instruction, csrw_sscratch).kind, ExitAction::Kind::idle);
  EXPECT_EQ(vm.state.pc, entry + 4);
  EXPECT_EQ(*vm.vcpu.hart().read_csr(riscv::csr_number(riscv::Csr::sscratch)), 0x5au);
  auto stop = vm.poll();
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->reason, gdbstub::StopReason::signal);
  EXPECT_EQ(vm.ram32(entry + 4) & 0xffff, 0u) << "the temporary breakpoint is gone";
}

TEST_F(StepTest, AnOrdinaryInstructionStopsAtATemporaryBreakpoint) {
  vm.put32(entry, addi_a0);
  vm.put32(entry + 4, addi_a0);
  step();
  EXPECT_EQ(vm.ram32(entry + 4) & 0xffff, BreakpointTable::c_ebreak);
  vm.state.pc = entry + 4;  // the guest ran the addi and fetched the c.ebreak
  EXPECT_EQ(vm.vcpu.handle_trap(breakpoint_cause, 0).kind, ExitAction::Kind::idle);
  auto stop = vm.poll();
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->reason, gdbstub::StopReason::signal) << "a step, not a breakpoint of gdb's";
  EXPECT_EQ(vm.ram32(entry + 4), addi_a0) << "restored";
}

TEST_F(StepTest, AnSbiCallEndsTheStepAfterTheEcall) {
  constexpr uint32_t ecall = 0x00000073;
  vm.put32(entry, ecall);
  vm.state.x[17] = 0x10;  // a7: BASE
  vm.state.x[16] = 0;     // a6: get_spec_version
  step();
  EXPECT_EQ(vm.vcpu.handle_trap(8 /* ecall from U: the guest runs in host U-mode */, 0).kind,
            ExitAction::Kind::idle);
  EXPECT_EQ(vm.state.pc, entry + 4);
  EXPECT_EQ(vm.state.x[10], 0u) << "the SBI answered";
  ASSERT_TRUE(vm.poll().has_value());
}

TEST_F(StepTest, SretEndsTheStepAtItsTarget) {
  constexpr uint32_t sret = 0x10200073;
  vm.put32(entry, sret);
  (void)vm.vcpu.hart().write_csr(riscv::csr_number(riscv::Csr::sepc), ram_gpa + 0x4000);
  step();
  EXPECT_EQ(vm.vcpu.handle_trap(illegal_instruction, sret).kind, ExitAction::Kind::idle);
  EXPECT_EQ(vm.state.pc, ram_gpa + 0x4000);
  EXPECT_EQ(vm.vcpu.hart().privilege(), riscv::Privilege::user) << "SPP was 0";
  ASSERT_TRUE(vm.poll().has_value());
}

TEST_F(StepTest, AFaultingInstructionStopsInTheGuestsTrapHandler) {
  constexpr uint32_t load_from_hole = 0x00003503;  // ld a0, 0(zero)
  const uint64_t stvec = ram_gpa + 0x8000;
  (void)vm.vcpu.hart().write_csr(riscv::csr_number(riscv::Csr::stvec), stvec);
  vm.put32(entry, load_from_hole);
  step();
  EXPECT_EQ(vm.vcpu.handle_trap(5 /* load access fault */, 0).kind, ExitAction::Kind::idle);
  EXPECT_EQ(vm.state.pc, stvec);
  ASSERT_TRUE(vm.poll().has_value());
}

TEST_F(StepTest, AShadowFillDoesNotEndTheStep) {
  vm.put32(entry, addi_a0);
  step();
  EXPECT_EQ(vm.vcpu.handle_trap(host_software_interrupt, 0).kind, ExitAction::Kind::resume)
      << "the pc did not move: the instruction has not run yet";
  EXPECT_FALSE(vm.poll().has_value());
}

TEST_F(StepTest, NoInterruptIsDeliveredDuringAStep) {
  vm.put32(entry, addi_a0);
  const uint64_t ssip = riscv::interrupt_bit(riscv::Interrupt::supervisor_software);
  (void)vm.vcpu.hart().write_csr(riscv::csr_number(riscv::Csr::sie), ssip);
  (void)vm.vcpu.hart().write_csr(riscv::csr_number(riscv::Csr::sstatus), riscv::mstatus::sie);
  (void)vm.vcpu.hart().write_csr(riscv::csr_number(riscv::Csr::sip), ssip);
  step();
  EXPECT_EQ(vm.state.pc, entry) << "the pending SSIP waits until the step is over";
}

}  // namespace
}  // namespace gh::debug::test

namespace gh::debug::test {
namespace {

// Non-stop mode: each stop is reported by itself, vCont;t stops one vCPU with signal 0.
TEST(NonStopTest, StopsAreReportedOneByOne) {
  DebugVm vm(true);
  ASSERT_EQ(vm.first_poll().kind, ExitAction::Kind::idle);
  ASSERT_TRUE(vm.poll().has_value());
  vm.target.set_non_stop(true);
  EXPECT_TRUE(vm.target.supports_non_stop());
  vm.put32(entry, 0x00150513);
  ASSERT_EQ(vm.target.add_breakpoint({gdbstub::BreakpointType::software, entry + 4, 4}),
            Status::ok);
  gdbstub::ResumeAction run{ResumeKind::resume, 0};
  ASSERT_EQ(vm.target.resume(std::span(&run, 1)), Status::ok);
  EXPECT_EQ(vm.vcpu.poll_idle().kind, ExitAction::Kind::resume);
  vm.state.pc = entry + 4;
  EXPECT_EQ(vm.vcpu.handle_trap(3, 0).kind, ExitAction::Kind::idle);
  auto hit = vm.poll();
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->reason, gdbstub::StopReason::swbreak);
  EXPECT_FALSE(vm.poll().has_value());
  ASSERT_EQ(vm.target.remove_breakpoint({gdbstub::BreakpointType::software, entry + 4, 4}),
            Status::ok);
  ASSERT_EQ(vm.target.resume(std::span(&run, 1)), Status::ok);
  EXPECT_EQ(vm.vcpu.poll_idle().kind, ExitAction::Kind::resume);
  gdbstub::ResumeAction stop{ResumeKind::stop, 0};
  ASSERT_EQ(vm.target.resume(std::span(&stop, 1)), Status::ok);
  EXPECT_FALSE(vm.poll().has_value()) << "still running until it parks";
  EXPECT_EQ(vm.vcpu.handle_trap(host_software_interrupt, 0).kind, ExitAction::Kind::idle);
  auto stopped = vm.poll();
  ASSERT_TRUE(stopped.has_value());
  EXPECT_EQ(stopped->signal, gdbstub::gdb_signal::none);
}

}  // namespace
}  // namespace gh::debug::test
