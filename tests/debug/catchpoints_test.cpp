// Catchpoints on guest events (monitor catch ...): the vCPU stops right after a satp
// write, an SBI call, a trap the guest takes, or a change of its virtual mode.
#include <gtest/gtest.h>

#include <string>

#include "debug_vm.hpp"

namespace gh::debug::test {
namespace {

using gdbstub::Status;
using tae::ExitAction;

constexpr uint64_t illegal_instruction = 2;

class CatchpointsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(vm.first_poll().kind, ExitAction::Kind::idle);
    ASSERT_TRUE(vm.poll().has_value());
  }
  std::string monitor(std::string_view command) {
    struct Text : gdbstub::TextSink {
      using TextSink::write;
      void write(std::span<const char> t) override { out.append(t.data(), t.size()); }
      std::string out;
    } text;
    EXPECT_EQ(vm.target.monitor_command(std::span(command.data(), command.size()), text),
              Status::ok);
    return text.out;
  }
  void run() {
    gdbstub::ResumeAction action{gdbstub::ResumeKind::resume, 0};
    ASSERT_EQ(vm.target.resume(std::span(&action, 1)), Status::ok);
    ASSERT_EQ(vm.vcpu.poll_idle().kind, ExitAction::Kind::resume);
  }
  DebugVm vm;
};

TEST_F(CatchpointsTest, SatpWriteStopsRightAfterIt) {
  constexpr uint32_t csrw_satp = 0x18051073;  // csrw satp, a0
  vm.put32(entry, csrw_satp);
  vm.state.x[10] = riscv::satp::make(riscv::satp::mode_sv39, 0, ram_gpa + 0x1000);
  EXPECT_EQ(monitor("catch satp"), "catch satp\n");
  run();
  EXPECT_EQ(vm.vcpu.handle_trap(illegal_instruction, csrw_satp).kind, ExitAction::Kind::idle);
  ASSERT_TRUE(vm.poll().has_value());
  EXPECT_EQ(vm.state.pc, entry + 4);
  EXPECT_EQ(monitor("why"), "vCPU 0: satp write 0x0 -> 0x8000000000080001 at pc 0x80002000\n");
}

TEST_F(CatchpointsTest, SbiCallNamesExtensionAndFunction) {
  vm.put32(entry, 0x00000073);  // ecall
  vm.state.x[17] = 0x10;        // BASE
  vm.state.x[16] = 3;           // probe_extension
  (void)monitor("catch sbi");
  run();
  EXPECT_EQ(vm.vcpu.handle_trap(8, 0).kind, ExitAction::Kind::idle);
  ASSERT_TRUE(vm.poll().has_value());
  EXPECT_EQ(monitor("why"), "vCPU 0: SBI call extension 0x10 function 3 at pc 0x80002000\n");
}

TEST_F(CatchpointsTest, TrapCatchesOnlyTheCauseAsked) {
  const uint64_t stvec = ram_gpa + 0x8000;
  (void)vm.vcpu.hart().write_csr(riscv::csr_number(riscv::Csr::stvec), stvec);
  vm.put32(entry, 0x00003503);  // ld a0, 0(zero): load access fault
  EXPECT_EQ(monitor("catch trap 13"), "catch trap 13 (load page fault)\n");
  run();
  EXPECT_EQ(vm.vcpu.handle_trap(5, 0).kind, ExitAction::Kind::resume) << "cause 5 not caught";
  EXPECT_EQ(vm.state.pc, stvec);
  (void)monitor("catch trap 5");
  vm.state.pc = entry;
  EXPECT_EQ(vm.vcpu.handle_trap(5, 0).kind, ExitAction::Kind::idle);
  ASSERT_TRUE(vm.poll().has_value());
  EXPECT_EQ(vm.state.pc, stvec) << "stopped at the guest's handler";
  EXPECT_EQ(monitor("why"), "vCPU 0: trap 5 (load access fault), tval 0x0 at pc 0x80002000\n");
}

TEST_F(CatchpointsTest, ModeChangeAndNone) {
  constexpr uint32_t sret = 0x10200073;
  vm.put32(entry, sret);
  (void)monitor("catch mode");
  EXPECT_EQ(monitor("catch none"), "no catchpoints\n");
  (void)monitor("catch mode");
  run();
  EXPECT_EQ(vm.vcpu.handle_trap(illegal_instruction, sret).kind, ExitAction::Kind::idle);
  ASSERT_TRUE(vm.poll().has_value());
  EXPECT_EQ(monitor("why"), "vCPU 0: mode change S -> U at pc 0x80002000\n");
}

}  // namespace
}  // namespace gh::debug::test
