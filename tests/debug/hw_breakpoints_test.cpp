// Hardware breakpoints (Z1): the page a breakpoint is on is never executable in the
// shadow, so each fetch there exits. At the breakpoint the vCPU stops before the
// instruction; any other instruction runs from a window of the hypervisor's own pages (a
// copy of it and a c.ebreak after it), or, a jump or branch, is executed at once. Guest
// memory never changes.
#include <gtest/gtest.h>

#include "debug_vm.hpp"

namespace gh::debug::test {
namespace {

using gdbstub::BreakpointType;
using gdbstub::ResumeKind;
using gdbstub::Status;
using tae::ExitAction;
namespace pte = riscv::pte;

constexpr uint32_t addi_a0 = 0x00150513;     // addi a0, a0, 1
constexpr uint32_t jal_ra_8 = 0x008000ef;    // jal ra, .+8
constexpr uint32_t ld_a2_0_a0 = 0x00053603;  // ld a2, 0(a0)
constexpr uint16_t c_ebreak = 0x9002;
constexpr uint64_t fetch_page_fault = 12, load_page_fault = 13, breakpoint_cause = 3;
constexpr uint64_t rights = pte::r | pte::w | pte::x;

class HwBreakpointsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (uint64_t at = entry; at < entry + 0x20; at += 4) vm.put32(at, addi_a0);
    ASSERT_EQ(vm.first_poll().kind, ExitAction::Kind::idle);
    ASSERT_TRUE(vm.poll().has_value());
  }
  Status hbreak(uint64_t address) {
    return vm.target.add_breakpoint({BreakpointType::hardware, address, 4});
  }
  const StepWindow& window() { return vm.target.hold().step_window(0); }
  DebugVm vm;
};

TEST_F(HwBreakpointsTest, StopsBeforeTheInstructionAndLeavesMemoryAlone) {
  ASSERT_EQ(hbreak(entry + 4), Status::ok);
  EXPECT_EQ(vm.ram32(entry + 4), addi_a0) << "nothing planted";
  vm.resume();
  vm.state.pc = entry + 4;  // the guest ran to the breakpoint's page
  EXPECT_EQ(vm.vcpu.handle_trap(fetch_page_fault, entry + 4).kind, ExitAction::Kind::idle);
  auto stop = vm.poll();
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->reason, gdbstub::StopReason::hwbreak);
  EXPECT_EQ(vm.state.pc, entry + 4) << "stopped before the instruction";
  EXPECT_EQ(vm.ram32(entry + 4), addi_a0);
}

TEST_F(HwBreakpointsTest, OtherInstructionsOnThePageRunFromACopy) {
  ASSERT_EQ(hbreak(entry + 8), Status::ok);
  vm.resume();
  EXPECT_EQ(vm.vcpu.handle_trap(fetch_page_fault, entry).kind, ExitAction::Kind::resume);
  ASSERT_TRUE(window().armed());
  const uint64_t copy = window().own_page(0);
  const uint64_t leaf = vm.shadow_leaf(entry);
  EXPECT_EQ(pte::pa(leaf), copy) << "the page the guest fetches from is the window's";
  EXPECT_EQ(leaf & rights, pte::x) << "execute-only";
  const uint64_t offset = entry % 4096;
  EXPECT_EQ(vm.host32(copy + offset), addi_a0);
  EXPECT_EQ(vm.host32(copy + offset + 4) & 0xffff, c_ebreak);
  EXPECT_EQ(vm.ram32(entry + 4), addi_a0) << "guest RAM untouched";
  // The guest runs the addi and takes the window's c.ebreak: the step is over.
  vm.state.pc = entry + 4;
  EXPECT_EQ(vm.vcpu.handle_trap(breakpoint_cause, 0).kind, ExitAction::Kind::resume);
  EXPECT_FALSE(window().armed());
  EXPECT_EQ(vm.shadow_leaf(entry) & pte::v, 0u) << "the window is gone";
  EXPECT_FALSE(vm.poll().has_value()) << "no stop";
  // The next instruction is the same dance; the one after is the breakpoint.
  EXPECT_EQ(vm.vcpu.handle_trap(fetch_page_fault, entry + 4).kind, ExitAction::Kind::resume);
  vm.state.pc = entry + 8;
  EXPECT_EQ(vm.vcpu.handle_trap(breakpoint_cause, 0).kind, ExitAction::Kind::resume);
  EXPECT_EQ(vm.vcpu.handle_trap(fetch_page_fault, entry + 8).kind, ExitAction::Kind::idle);
  auto stop = vm.poll();
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->reason, gdbstub::StopReason::hwbreak);
}

TEST_F(HwBreakpointsTest, NoInterruptIsDeliveredWhileAnInstructionRunsFromTheWindow) {
  ASSERT_EQ(hbreak(entry + 8), Status::ok);
  vm.resume();
  ASSERT_EQ(vm.vcpu.handle_trap(fetch_page_fault, entry).kind, ExitAction::Kind::resume);
  EXPECT_TRUE(vm.target.hold().stepping(0)) << "TaeVcpu holds interrupts back";
  vm.state.pc = entry + 4;
  ASSERT_EQ(vm.vcpu.handle_trap(breakpoint_cause, 0).kind, ExitAction::Kind::resume);
  EXPECT_FALSE(vm.target.hold().stepping(0));
}

TEST_F(HwBreakpointsTest, JumpsAndBranchesRunAtOnce) {
  vm.put32(entry, jal_ra_8);
  ASSERT_EQ(hbreak(entry + 0x10), Status::ok);
  vm.resume();
  EXPECT_EQ(vm.vcpu.handle_trap(fetch_page_fault, entry).kind, ExitAction::Kind::resume);
  EXPECT_EQ(vm.state.pc, entry + 8);
  EXPECT_EQ(vm.state.x[1], entry + 4) << "the link register";
  EXPECT_FALSE(window().armed());
}

TEST_F(HwBreakpointsTest, TheInstructionsOwnLoadFromItsPageIsEmulated) {
  vm.put32(entry, ld_a2_0_a0);
  vm.put32(entry + 0x100, 0x1234'5678);
  vm.state.x[10] = entry + 0x100;
  ASSERT_EQ(hbreak(entry + 8), Status::ok);
  vm.resume();
  ASSERT_EQ(vm.vcpu.handle_trap(fetch_page_fault, entry).kind, ExitAction::Kind::resume);
  ASSERT_TRUE(window().armed());
  // The window is execute-only: the load exits.
  EXPECT_EQ(vm.vcpu.handle_trap(load_page_fault, entry + 0x100).kind, ExitAction::Kind::resume);
  EXPECT_EQ(vm.state.x[12], 0x1234'5678u);
  EXPECT_EQ(vm.state.pc, entry + 4);
  EXPECT_FALSE(window().armed());
}

TEST_F(HwBreakpointsTest, DataAccessesMapThePageWithoutExecute) {
  vm.put32(entry + 0x1000, ld_a2_0_a0);  // code on the next page reads the breakpoint's
  vm.state.x[10] = entry + 0x100;
  ASSERT_EQ(hbreak(entry + 8), Status::ok);
  vm.resume();
  vm.state.pc = entry + 0x1000;
  EXPECT_EQ(vm.vcpu.handle_trap(load_page_fault, entry + 0x100).kind, ExitAction::Kind::resume);
  EXPECT_EQ(vm.state.pc, entry + 0x1000) << "a shadow fill: the guest runs the load itself";
  const uint64_t leaf = vm.shadow_leaf(entry);
  EXPECT_EQ(leaf & rights, pte::r | pte::w);
}

TEST_F(HwBreakpointsTest, AStraddlingInstructionGetsBothPages) {
  const uint64_t pc = entry + 0xffe;  // the addi's upper half is on the next page
  vm.put16(pc, addi_a0 & 0xffff);
  vm.put16(pc + 2, addi_a0 >> 16);
  ASSERT_EQ(hbreak(entry + 0x1010), Status::ok);
  vm.resume();
  vm.state.pc = pc;
  EXPECT_EQ(vm.vcpu.handle_trap(fetch_page_fault, entry + 0x1000).kind, ExitAction::Kind::resume);
  ASSERT_TRUE(window().armed());
  EXPECT_EQ(pte::pa(vm.shadow_leaf(entry + 0x1000)), window().own_page(1));
  EXPECT_EQ(vm.host32(window().own_page(0) + 0xffc) >> 16, addi_a0 & 0xffff);
  EXPECT_EQ(vm.host32(window().own_page(1)), (uint32_t{c_ebreak} << 16) | addi_a0 >> 16);
  EXPECT_TRUE(window().finished_at(pc + 4));
}

TEST_F(HwBreakpointsTest, AnInstructionAtThePageEndUnmapsTheNextPage) {
  const uint64_t pc = entry + 0xffc;
  vm.put32(pc, addi_a0);
  ASSERT_EQ(hbreak(entry), Status::ok);
  vm.put32(entry + 0x1000, addi_a0);  // the next page is ordinary code, mapped already
  vm.resume();
  vm.state.pc = entry + 0x1000;
  ASSERT_EQ(vm.vcpu.handle_trap(fetch_page_fault, entry + 0x1000).kind, ExitAction::Kind::resume);
  ASSERT_NE(vm.shadow_leaf(entry + 0x1000) & pte::x, 0u);
  vm.state.pc = pc;
  ASSERT_EQ(vm.vcpu.handle_trap(fetch_page_fault, pc).kind, ExitAction::Kind::resume);
  ASSERT_TRUE(window().armed());
  EXPECT_EQ(vm.shadow_leaf(entry + 0x1000) & pte::v, 0u) << "the next fetch must exit";
}

TEST_F(HwBreakpointsTest, TheStubsOwnStepStepsOverABreakpointAtThePc) {
  ASSERT_EQ(hbreak(entry), Status::ok);
  vm.resume(ResumeKind::step);
  EXPECT_EQ(vm.vcpu.handle_trap(fetch_page_fault, entry).kind, ExitAction::Kind::resume);
  EXPECT_TRUE(window().armed());
  EXPECT_FALSE(vm.poll().has_value());
}

TEST_F(HwBreakpointsTest, AVirtualAddressMatchesThePcInTheAddressSpaceOfTheMoment) {
  ASSERT_EQ(hbreak(0x4000'2004), Status::ok);  // where the Sv39 mapping puts entry + 4
  vm.resume();
  vm.state.pc = entry + 4;  // without paging, entry + 4 is another address
  EXPECT_EQ(vm.vcpu.handle_trap(fetch_page_fault, entry + 4).kind, ExitAction::Kind::resume);
  EXPECT_NE(vm.shadow_leaf(entry) & pte::x, 0u) << "an ordinary page";
  vm.map_gigapage_at_1gib();  // the guest turns paging on
  vm.vcpu.debugger_changed_state();
  vm.state.pc = 0x4000'2004;
  EXPECT_EQ(vm.vcpu.handle_trap(fetch_page_fault, 0x4000'2004).kind, ExitAction::Kind::idle);
  auto stop = vm.poll();
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->reason, gdbstub::StopReason::hwbreak);
}

TEST_F(HwBreakpointsTest, APhysicalAddressMatchesWhereThePcFetchesFrom) {
  vm.target.memory().set_space(AddressSpace::guest_physical);  // monitor phys
  ASSERT_EQ(hbreak(entry + 4), Status::ok);
  vm.map_gigapage_at_1gib();
  vm.vcpu.debugger_changed_state();
  vm.resume();
  vm.state.pc = 0x4000'2004;
  EXPECT_EQ(vm.vcpu.handle_trap(fetch_page_fault, 0x4000'2004).kind, ExitAction::Kind::idle);
  ASSERT_TRUE(vm.poll().has_value());
  EXPECT_EQ(vm.target.remove_breakpoint({BreakpointType::hardware, entry + 4, 4}), Status::ok);
}

TEST_F(HwBreakpointsTest, ChangingWhichPagesTrapFlushesEveryShadow) {
  ASSERT_EQ(hbreak(entry + 4), Status::ok);
  EXPECT_NE(vm.vcpu.mailbox().take(tae::VcpuMailbox::flush_translations), 0u);
  ASSERT_EQ(hbreak(entry + 8), Status::ok);
  EXPECT_EQ(vm.vcpu.mailbox().take(tae::VcpuMailbox::flush_translations), 0u)
      << "the page traps already";
  ASSERT_EQ(vm.target.remove_breakpoint({BreakpointType::hardware, entry + 4, 4}), Status::ok);
  EXPECT_EQ(vm.vcpu.mailbox().take(tae::VcpuMailbox::flush_translations), 0u);
  ASSERT_EQ(vm.target.remove_breakpoint({BreakpointType::hardware, entry + 8, 4}), Status::ok);
  EXPECT_NE(vm.vcpu.mailbox().take(tae::VcpuMailbox::flush_translations), 0u)
      << "the page runs at full speed again";
  EXPECT_EQ(vm.target.remove_breakpoint({BreakpointType::hardware, entry + 8, 4}), Status::invalid);
}

TEST_F(HwBreakpointsTest, AnyNumberUpToTheTable) {
  for (size_t i = 0; i < HwBreakpointTable::capacity; ++i) {
    ASSERT_EQ(hbreak(entry + 0x10000 * i), Status::ok);
  }
  EXPECT_EQ(hbreak(entry + 2), Status::invalid);
}

TEST(HwBreakpointTableTest, PagesAndAddresses) {
  HwBreakpointTable table;
  EXPECT_TRUE(table.empty());
  ASSERT_TRUE(table.insert(0x1004, false));
  ASSERT_TRUE(table.insert(0x8000'2000, true));
  EXPECT_TRUE(table.on_page(0x1ffe, 0));
  EXPECT_FALSE(table.on_page(0x2000, 0));
  EXPECT_TRUE(table.on_page(0x5000, 0x8000'2ff0)) << "physical: by gpa";
  EXPECT_FALSE(table.on_page(0x8000'2000, 0x5000)) << "not by gva";
  EXPECT_TRUE(table.at(0x1004, std::nullopt));
  EXPECT_FALSE(table.at(0x1006, std::nullopt));
  EXPECT_TRUE(table.at(0x4000'2000, 0x8000'2000));
  EXPECT_FALSE(table.at(0x8000'2000, std::nullopt));
  EXPECT_FALSE(table.remove(0x1004, true)) << "kinds are apart";
  EXPECT_TRUE(table.remove(0x1004, false));
  EXPECT_EQ(table.count(), 1u);
}

}  // namespace
}  // namespace gh::debug::test
