// Watchpoints through the shadow page table: a watched page is never mapped, so every
// access to it exits; one that touches the watched bytes stops the vCPU before it runs,
// every other load or store on the page is emulated.
#include <gtest/gtest.h>

#include "debug_vm.hpp"

namespace gh::debug::test {
namespace {

using gdbstub::BreakpointType;
using gdbstub::Status;
using tae::ExitAction;

constexpr uint64_t watched = ram_gpa + 0x3000;
constexpr uint32_t sd_a1_0_a0 = 0x00b53023;  // sd a1, 0(a0)
constexpr uint32_t ld_a2_0_a0 = 0x00053603;  // ld a2, 0(a0)
constexpr uint64_t load_page_fault = 13, store_page_fault = 15;

class WatchpointsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(vm.first_poll().kind, ExitAction::Kind::idle);
    ASSERT_TRUE(vm.poll().has_value());
  }
  void run() {
    gdbstub::ResumeAction action{gdbstub::ResumeKind::resume, 0};
    ASSERT_EQ(vm.target.resume(std::span(&action, 1)), Status::ok);
    ASSERT_EQ(vm.vcpu.poll_idle().kind, ExitAction::Kind::resume);
  }
  DebugVm vm;
};

TEST_F(WatchpointsTest, AStoreToTheWatchedBytesStopsBeforeItRuns) {
  ASSERT_EQ(vm.target.add_breakpoint({BreakpointType::write_watch, watched, 8}), Status::ok);
  vm.put32(entry, sd_a1_0_a0);
  vm.state.x[10] = watched;
  vm.state.x[11] = 42;
  run();
  EXPECT_EQ(vm.vcpu.handle_trap(store_page_fault, watched).kind, ExitAction::Kind::idle);
  auto stop = vm.poll();
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->reason, gdbstub::StopReason::watch);
  EXPECT_EQ(stop->address, watched);
  EXPECT_EQ(vm.state.pc, entry) << "the store has not run: gdb steps over it";
  EXPECT_EQ(vm.ram32(watched), 0u);
}

TEST_F(WatchpointsTest, OtherAccessesOnTheWatchedPageAreEmulated) {
  ASSERT_EQ(vm.target.add_breakpoint({BreakpointType::write_watch, watched, 8}), Status::ok);
  vm.put32(entry, sd_a1_0_a0);
  vm.put32(entry + 4, ld_a2_0_a0);
  vm.state.x[10] = watched + 8;  // the next variable on the page
  vm.state.x[11] = 0x1234;
  run();
  EXPECT_EQ(vm.vcpu.handle_trap(store_page_fault, watched + 8).kind, ExitAction::Kind::resume);
  EXPECT_EQ(vm.ram32(watched + 8), 0x1234u);
  EXPECT_EQ(vm.state.pc, entry + 4);
  vm.state.x[10] = watched;  // a load of the watched bytes: a write watch lets it pass
  vm.put32(watched, 77);
  EXPECT_EQ(vm.vcpu.handle_trap(load_page_fault, watched).kind, ExitAction::Kind::resume);
  EXPECT_EQ(vm.state.x[12], 77u);
  EXPECT_EQ(vm.state.pc, entry + 8);
  EXPECT_FALSE(vm.poll().has_value());
}

TEST_F(WatchpointsTest, ReadWatchReportsRwatch) {
  ASSERT_EQ(vm.target.add_breakpoint({BreakpointType::read_watch, watched + 4, 4}), Status::ok);
  vm.put32(entry, ld_a2_0_a0);
  vm.state.x[10] = watched;  // an 8-byte load overlapping the watched 4 bytes
  run();
  EXPECT_EQ(vm.vcpu.handle_trap(load_page_fault, watched).kind, ExitAction::Kind::idle);
  auto stop = vm.poll();
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->reason, gdbstub::StopReason::rwatch);
  EXPECT_EQ(stop->address, watched + 4);
}

TEST_F(WatchpointsTest, RemovedWatchLetsThePageIntoTheShadow) {
  const gdbstub::Breakpoint watch{BreakpointType::access_watch, watched, 8};
  ASSERT_EQ(vm.target.add_breakpoint(watch), Status::ok);
  ASSERT_EQ(vm.target.remove_breakpoint(watch), Status::ok);
  EXPECT_EQ(vm.target.remove_breakpoint(watch), Status::invalid);
  vm.put32(entry, sd_a1_0_a0);
  vm.state.x[10] = watched;
  run();
  EXPECT_EQ(vm.vcpu.handle_trap(store_page_fault, watched).kind, ExitAction::Kind::resume);
  EXPECT_EQ(vm.state.pc, entry) << "a shadow fill: the guest runs the store itself";
}

}  // namespace
}  // namespace gh::debug::test
