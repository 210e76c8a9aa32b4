// Software breakpoints: ebreak/c.ebreak planted in guest RAM, hidden from gdb's reads,
// kept across writes, removed cleanly; ours stop the vCPU, the guest's own do not.
#include <gtest/gtest.h>

#include "debug_vm.hpp"

namespace gh::debug::test {
namespace {

using gdbstub::Breakpoint;
using gdbstub::BreakpointType;
using gdbstub::Status;

constexpr uint32_t addi_a0 = 0x00150513;  // addi a0, a0, 1
constexpr uint64_t breakpoint_cause = 3;

class BreakpointsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vm.put32(entry, addi_a0);
    vm.put32(entry + 4, addi_a0);
    ASSERT_EQ(vm.first_poll().kind, tae::ExitAction::Kind::idle);
    ASSERT_TRUE(vm.poll().has_value());
  }
  void run() {
    gdbstub::ResumeAction action{gdbstub::ResumeKind::resume, 0};
    ASSERT_EQ(vm.target.resume(std::span(&action, 1)), Status::ok);
    ASSERT_EQ(vm.vcpu.poll_idle().kind, tae::ExitAction::Kind::resume) << "released";
  }
  DebugVm vm;
};

TEST_F(BreakpointsTest, PlantsEbreakAndHidesItFromReads) {
  ASSERT_EQ(vm.target.add_breakpoint({BreakpointType::software, entry + 4, 4}), Status::ok);
  EXPECT_EQ(vm.ram32(entry + 4), BreakpointTable::ebreak) << "the guest fetches ebreak";
  uint8_t bytes[4] = {};
  ASSERT_EQ(vm.target.read_memory(1, entry + 4, bytes), Status::ok);
  EXPECT_EQ(bytes[0], addi_a0 & 0xff) << "gdb sees the original instruction";
  ASSERT_EQ(vm.target.remove_breakpoint({BreakpointType::software, entry + 4, 4}), Status::ok);
  EXPECT_EQ(vm.ram32(entry + 4), addi_a0);
}

TEST_F(BreakpointsTest, CompressedBreakpointPatchesTwoBytes) {
  ASSERT_EQ(vm.target.add_breakpoint({BreakpointType::software, entry, 2}), Status::ok);
  EXPECT_EQ(vm.ram32(entry), (addi_a0 & 0xffff0000u) | BreakpointTable::c_ebreak);
  ASSERT_EQ(vm.target.remove_breakpoint({BreakpointType::software, entry, 2}), Status::ok);
  EXPECT_EQ(vm.ram32(entry), addi_a0);
}

TEST_F(BreakpointsTest, WritesOverABreakpointKeepItPlanted) {
  ASSERT_EQ(vm.target.add_breakpoint({BreakpointType::software, entry, 4}), Status::ok);
  const uint8_t nop[4] = {0x13, 0x00, 0x00, 0x00};
  ASSERT_EQ(vm.target.write_memory(1, entry, nop), Status::ok);
  EXPECT_EQ(vm.ram32(entry), BreakpointTable::ebreak);
  ASSERT_EQ(vm.target.remove_breakpoint({BreakpointType::software, entry, 4}), Status::ok);
  EXPECT_EQ(vm.ram32(entry), 0x13u) << "the written bytes come back, not the old ones";
}

TEST_F(BreakpointsTest, BreakpointsOutsideRamAreRefused) {
  EXPECT_EQ(vm.target.add_breakpoint({BreakpointType::software, device_gpa, 4}), Status::fault);
  EXPECT_EQ(vm.target.add_breakpoint({BreakpointType::software, entry, 3}), Status::invalid);
  EXPECT_EQ(vm.target.add_breakpoint({BreakpointType::hardware, entry, 3}), Status::ok)
      << "hardware breakpoints match the pc, whatever gdb's kind";
}

TEST_F(BreakpointsTest, OurEbreakStopsTheVcpuWithSwbreak) {
  ASSERT_EQ(vm.target.add_breakpoint({BreakpointType::software, entry + 4, 4}), Status::ok);
  run();
  vm.state.pc = entry + 4;  // the guest ran to the breakpoint
  EXPECT_EQ(vm.vcpu.handle_trap(breakpoint_cause, 0).kind, tae::ExitAction::Kind::idle);
  auto stop = vm.poll();
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->thread, 1u);
  EXPECT_EQ(stop->signal, gdbstub::gdb_signal::trap);
  EXPECT_EQ(stop->reason, gdbstub::StopReason::swbreak);
  EXPECT_EQ(vm.state.pc, entry + 4) << "the pc stays on the breakpoint";
}

TEST_F(BreakpointsTest, TheGuestsOwnEbreakGoesToTheGuest) {
  const uint64_t stvec = ram_gpa + 0x8000;
  (void)vm.vcpu.hart().write_csr(riscv::csr_number(riscv::Csr::stvec), stvec);
  vm.put32(entry, BreakpointTable::ebreak);
  run();
  EXPECT_EQ(vm.vcpu.handle_trap(breakpoint_cause, 0).kind, tae::ExitAction::Kind::resume);
  EXPECT_EQ(vm.state.pc, stvec) << "delivered to the guest's trap handler";
  EXPECT_EQ(*vm.vcpu.hart().read_csr(riscv::csr_number(riscv::Csr::scause)), breakpoint_cause);
  EXPECT_FALSE(vm.poll().has_value());
}

}  // namespace
}  // namespace gh::debug::test
