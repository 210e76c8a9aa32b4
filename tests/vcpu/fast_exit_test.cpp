// tae/fast_exit.hpp against the virtual hart: whenever the trampoline's fast path handles
// an exit, the full emulation would have done exactly the same (same rd, same sstatus,
// the mirrored CSRs unchanged, pc + 4, no interrupt to deliver); whenever it declines, it
// changed nothing.
#include "tae/fast_exit.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "guest.hpp"

namespace gh::vcpu::test {
namespace {

namespace ms = riscv::mstatus;
constexpr uint64_t ssip = riscv::interrupt_bit(riscv::Interrupt::supervisor_software);

// The guest states the fast path is armed in: virtual S, SIE on or off, SPIE, SUM, FS,
// a delegated SSIP pending or not, enabled in sie or not. (Never SIE on with an enabled
// interrupt pending: the full exit delivers it before the guest runs again.)
struct State {
  uint64_t sstatus_bits;
  bool ssip_pending;
  bool ssie_enabled;
};

Guest armed_guest(const State& state, tae::FastExitState& fast) {
  Guest g;
  g.poke(Csr::mideleg, ssip);
  g.poke(Csr::mstatus, state.sstatus_bits);
  if (state.ssie_enabled) g.poke(Csr::mie, ssip);
  if (state.ssip_pending) g.poke(Csr::mip, ssip);
  g.poke(Csr::sscratch, 0x5C5C);
  g.poke(Csr::sepc, 0x80001234);
  g.poke(Csr::scause, 13);
  g.poke(Csr::stval, 0xDEAD000);
  g.enter(Privilege::supervisor);
  tae::copy_guest_state(g.hart, fast);
  fast.enabled = 1;
  EXPECT_EQ(fast.sstatus, g.peek(Csr::sstatus));
  for (unsigned i = 0; i < tae::mirrored_csr_count; ++i) {
    EXPECT_EQ(fast.mirrored[i], g.peek(tae::mirrored_csrs[i])) << "copy of mirrored CSR " << i;
  }
  return g;
}

std::vector<uint32_t> candidate_instructions() {
  std::vector<uint32_t> out;
  const uint16_t csrs[] = {
      csr_number(Csr::sstatus), csr_number(Csr::sie),    csr_number(Csr::sscratch),
      csr_number(Csr::sepc),    csr_number(Csr::scause), csr_number(Csr::stval),
      csr_number(Csr::satp),    csr_number(Csr::sip),    csr_number(Csr::mstatus)};
  for (uint16_t csr : csrs) {
    for (unsigned funct3 : {1u, 2u, 3u, 5u, 6u, 7u}) {
      for (unsigned rd : {0u, kA0, kT0}) {
        for (unsigned rs1 : {0u, kT0, 1u, 2u, 18u}) out.push_back(encode_csr(funct3, rd, rs1, csr));
      }
    }
  }
  out.push_back(kWfi);
  out.push_back(kSret);
  out.push_back(0x00000013);  // addi x0, x0, 0
  return out;
}

TEST(FastExit, AgreesWithTheVirtualHartOrDeclinesWithoutEffect) {
  const State states[] = {{0, false, false},
                          {ms::sie, false, true},
                          {ms::spie | ms::sum, false, false},
                          {ms::fs_clean, false, false},
                          {0, true, true},
                          {ms::sie | ms::spie, true, false},
                          {ms::spie, true, true}};
  const uint64_t operands[] = {0, ms::sie, ms::sie | ms::spie, ms::sum, ~0ull};
  int handled = 0;
  for (const State& state : states) {
    for (uint32_t insn : candidate_instructions()) {
      for (uint64_t operand : operands) {
        tae::FastExitState fast;
        Guest g = armed_guest(state, fast);
        ASSERT_FALSE(g.hart.pending_interrupt().has_value());  // a state the guest runs in
        g.regs[kT0] = operand;
        g.regs[kA0] = 0xA0A0;
        std::array<uint64_t, 32> x = g.regs;
        uint64_t pc = 0x1000;
        const tae::FastExitState before = fast;
        const bool took = tae::emulate_fast_exit(fast, x.data(), pc, insn, false);
        SCOPED_TRACE(hex(insn) + " operand " + hex(operand) + " sstatus " + hex(before.sstatus));
        if (!took) {
          EXPECT_EQ(x, g.regs);
          EXPECT_EQ(pc, 0x1000u);
          EXPECT_EQ(fast.sstatus, before.sstatus);
          EXPECT_EQ(fast.exits, 0u);
          continue;
        }
        ++handled;
        const Outcome o = g.run(insn);
        EXPECT_EQ(o.next, Next::advance);
        EXPECT_EQ(o.effects, effect::none);
        EXPECT_EQ(x, g.regs);
        EXPECT_EQ(pc, 0x1004u);
        EXPECT_EQ(fast.sstatus, g.peek(Csr::sstatus));
        for (unsigned i = 0; i < tae::mirrored_csr_count; ++i) {
          EXPECT_EQ(fast.mirrored[i], g.peek(tae::mirrored_csrs[i])) << i;
        }
        EXPECT_EQ(fast.exits, 1u);
        EXPECT_FALSE(g.hart.pending_interrupt().has_value());
      }
    }
  }
  EXPECT_GT(handled, 400);  // reads, and SIE set/clear, do take the fast path
}

TEST(FastExit, DeclinesWhenDisabledOrAfterAnFpWrite) {
  tae::FastExitState fast;
  Guest g = armed_guest({ms::sie, false, false}, fast);
  std::array<uint64_t, 32> x{};
  uint64_t pc = 0;
  const uint32_t csrr_a0_sstatus = encode_csr(2, kA0, 0, csr_number(Csr::sstatus));
  EXPECT_FALSE(tae::emulate_fast_exit(fast, x.data(), pc, csrr_a0_sstatus, true));
  fast.enabled = 0;
  EXPECT_FALSE(tae::emulate_fast_exit(fast, x.data(), pc, csrr_a0_sstatus, false));
  fast.enabled = 1;
  EXPECT_TRUE(tae::emulate_fast_exit(fast, x.data(), pc, csrr_a0_sstatus, false));
  EXPECT_EQ(x[kA0], g.peek(Csr::sstatus));
}

}  // namespace
}  // namespace gh::vcpu::test
