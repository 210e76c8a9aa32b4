// Software breakpoints the guest cannot see: a page with one planted is execute-only in
// every shadow, so the guest's loads and stores there exit and are emulated against guest
// RAM with the original bytes in place of our ebreak; a store over one changes what it
// replaced and leaves it planted.
#include <gtest/gtest.h>

#include "debug_vm.hpp"

namespace gh::debug::test {
namespace {

using gdbstub::BreakpointType;
using gdbstub::Status;
using tae::ExitAction;
namespace pte = riscv::pte;

constexpr uint32_t addi_a0 = 0x00150513;      // addi a0, a0, 1
constexpr uint32_t nop = 0x00000013;          // addi zero, zero, 0
constexpr uint32_t lw_a2_0_a0 = 0x00052603;   // lw a2, 0(a0)
constexpr uint32_t sw_a1_0_a0 = 0x00b52023;   // sw a1, 0(a0)
constexpr uint32_t fld_f1_0_a0 = 0x00053087;  // fld f1, 0(a0)
constexpr uint32_t flw_f1_0_a0 = 0x00052087;  // flw f1, 0(a0)
constexpr uint32_t fsd_f1_0_a0 = 0x00153027;  // fsd f1, 0(a0)
constexpr uint32_t amoadd_w = 0x00b5262f;     // amoadd.w a2, a1, (a0)
constexpr uint64_t fetch_page_fault = 12, load_page_fault = 13, store_page_fault = 15;
constexpr uint64_t rights = pte::r | pte::w | pte::x;
constexpr uint64_t breakpoint = entry + 0x40;

class FakeHartOps final : public VcpuHartOps {
 public:
  void save_fp(FpState& out) override { out = fp; }
  void load_fp(const FpState& in) override { fp = in; }
  void sync_instruction_fetch() override { ++fences; }
  FpState fp;
  int fences = 0;
};

class HiddenBreakpointsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (uint64_t at = entry; at < entry + 0x80; at += 4) vm.put32(at, addi_a0);
    vm.target.hold().set_hart_ops(&hart_ops);
    ASSERT_EQ(vm.first_poll().kind, ExitAction::Kind::idle);
    ASSERT_TRUE(vm.poll().has_value());
    ASSERT_EQ(vm.target.add_breakpoint({BreakpointType::software, breakpoint, 4}), Status::ok);
    ASSERT_EQ(vm.ram32(breakpoint), BreakpointTable::ebreak);
    vm.state.x[10] = breakpoint;
  }
  // The guest runs `insn` at the entry, and it faults on the breakpoint's bytes.
  ExitAction::Kind access(uint32_t insn, uint64_t cause) {
    vm.put32(entry, insn);
    vm.state.pc = entry;
    vm.resume();
    return vm.vcpu.handle_trap(cause, breakpoint).kind;
  }
  // gdb stops the running guest (Ctrl-C): it may look and change things again.
  void stop() {
    vm.target.interrupt();
    ASSERT_EQ(vm.vcpu.poll_idle().kind, ExitAction::Kind::idle);
    ASSERT_TRUE(vm.poll().has_value());
  }
  FakeHartOps hart_ops;
  DebugVm vm;
};

TEST_F(HiddenBreakpointsTest, TheGuestFetchesFromAnExecuteOnlyPage) {
  vm.resume();
  EXPECT_EQ(vm.vcpu.handle_trap(fetch_page_fault, entry).kind, ExitAction::Kind::resume);
  EXPECT_EQ(vm.shadow_leaf(entry) & rights, pte::x);
}

TEST_F(HiddenBreakpointsTest, TheGuestsLoadsReadTheOriginalBytes) {
  EXPECT_EQ(access(lw_a2_0_a0, load_page_fault), ExitAction::Kind::resume);
  EXPECT_EQ(vm.state.x[12], addi_a0);
  EXPECT_EQ(vm.state.pc, entry + 4);
  EXPECT_EQ(vm.ram32(breakpoint), BreakpointTable::ebreak) << "still planted";
}

TEST_F(HiddenBreakpointsTest, StoringTheSameBytesChangesNothing) {
  vm.state.x[11] = addi_a0;
  EXPECT_EQ(access(sw_a1_0_a0, store_page_fault), ExitAction::Kind::resume);
  EXPECT_EQ(vm.state.pc, entry + 4);
  EXPECT_EQ(vm.ram32(breakpoint), BreakpointTable::ebreak);
  stop();
  ASSERT_EQ(vm.target.remove_breakpoint({BreakpointType::software, breakpoint, 4}), Status::ok);
  EXPECT_EQ(vm.ram32(breakpoint), addi_a0);
}

TEST_F(HiddenBreakpointsTest, StoringNewBytesReplacesTheOriginalAndKeepsTheBreakpoint) {
  vm.state.x[11] = nop;
  EXPECT_EQ(access(sw_a1_0_a0, store_page_fault), ExitAction::Kind::resume);
  EXPECT_EQ(vm.ram32(breakpoint), BreakpointTable::ebreak) << "still planted";
  stop();
  uint8_t seen[4] = {};
  ASSERT_EQ(vm.target.read_memory(1, breakpoint, seen), Status::ok);
  EXPECT_EQ(seen[0], nop & 0xff) << "gdb sees what the guest wrote";
  ASSERT_EQ(vm.target.remove_breakpoint({BreakpointType::software, breakpoint, 4}), Status::ok);
  EXPECT_EQ(vm.ram32(breakpoint), nop) << "the guest's bytes come back, not the old ones";
}

TEST_F(HiddenBreakpointsTest, LoadsThroughAnExecuteOnlyMappingWithMxr) {
  // The guest maps its RAM execute-only and reads it with sstatus.MXR: the shadow view
  // would grant R, but the breakpoint's page still traps.
  vm.map_gigapage_at_1gib_with(pte::x | pte::a);
  (void)vm.vcpu.hart().write_csr(riscv::csr_number(riscv::Csr::sstatus), riscv::mstatus::mxr,
                                 riscv::mstatus::mxr);
  vm.vcpu.debugger_changed_state();
  vm.put32(entry, lw_a2_0_a0);
  vm.resume();
  const uint64_t alias = 0x4000'0000 + (breakpoint - ram_gpa);
  vm.state.pc = 0x4000'0000 + (entry - ram_gpa);
  vm.state.x[10] = alias;
  EXPECT_EQ(vm.vcpu.handle_trap(load_page_fault, alias).kind, ExitAction::Kind::resume);
  EXPECT_EQ(vm.state.x[12], addi_a0);
  EXPECT_EQ(vm.vcpu.handle_trap(fetch_page_fault, vm.state.pc).kind, ExitAction::Kind::resume);
  EXPECT_EQ(vm.shadow_leaf(vm.state.pc) & rights, pte::x) << "no R despite MXR";
}

TEST_F(HiddenBreakpointsTest, FpLoadsAndStoresGoThroughTheVcpusHart) {
  EXPECT_EQ(access(fld_f1_0_a0, load_page_fault), ExitAction::Kind::resume);
  EXPECT_EQ(hart_ops.fp.f[1] & 0xffff'ffff, addi_a0);
  EXPECT_EQ(access(flw_f1_0_a0, load_page_fault), ExitAction::Kind::resume);
  EXPECT_EQ(hart_ops.fp.f[1], 0xffff'ffff'0000'0000 | addi_a0) << "NaN-boxed";
  hart_ops.fp.f[1] = nop;
  EXPECT_EQ(access(fsd_f1_0_a0, store_page_fault), ExitAction::Kind::resume);
  EXPECT_EQ(vm.ram32(breakpoint), BreakpointTable::ebreak);
  stop();
  ASSERT_EQ(vm.target.remove_breakpoint({BreakpointType::software, breakpoint, 4}), Status::ok);
  EXPECT_EQ(vm.ram32(breakpoint), nop);
}

TEST_F(HiddenBreakpointsTest, AnAmoMapsThePageUntilTheNextExit) {
  EXPECT_EQ(access(amoadd_w, store_page_fault), ExitAction::Kind::resume);
  EXPECT_EQ(vm.state.pc, entry) << "not emulated: the guest runs it itself";
  EXPECT_EQ(vm.shadow_leaf(breakpoint) & rights, rights);
  EXPECT_EQ(vm.vcpu.handle_trap(fetch_page_fault, entry + 0x1000).kind, ExitAction::Kind::resume);
  EXPECT_EQ(vm.shadow_leaf(breakpoint) & pte::v, 0u) << "gone at the next exit";
}

TEST_F(HiddenBreakpointsTest, PlantingOnANewPageFlushesEveryShadow) {
  (void)vm.vcpu.mailbox().take(tae::VcpuMailbox::flush_translations);
  ASSERT_EQ(vm.target.add_breakpoint({BreakpointType::software, breakpoint + 8, 4}), Status::ok);
  EXPECT_EQ(vm.vcpu.mailbox().take(tae::VcpuMailbox::flush_translations), 0u)
      << "the page traps already";
  ASSERT_EQ(vm.target.add_breakpoint({BreakpointType::software, entry + 0x1000, 4}), Status::ok);
  EXPECT_NE(vm.vcpu.mailbox().take(tae::VcpuMailbox::flush_translations), 0u);
}

}  // namespace
}  // namespace gh::debug::test
