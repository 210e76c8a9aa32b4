// Interrupt selection (priorities, enables, delegation), delivery, wfi wake-up,
// and the interrupt sources: timers, software and external lines.
#include "guest.hpp"

namespace gh::vcpu::test {
namespace {

namespace ms = riscv::mstatus;
using riscv::Interrupt;
using riscv::interrupt_bit;

constexpr uint64_t bit(Interrupt irq) { return interrupt_bit(irq); }
constexpr uint64_t kAll = 0xAAA;

std::string name(std::optional<Interrupt> irq) {
  return irq ? std::to_string(static_cast<int>(*irq)) : std::string("none");
}

// Raises every source whose bit is in `bits` (via lines or guest mip writes).
void raise(Guest& g, uint64_t bits) {
  if (bits & bit(Interrupt::machine_software)) g.hart.set_software_interrupt(true);
  if (bits & bit(Interrupt::machine_external))
    g.hart.set_external_interrupt(Privilege::machine, true);
  if (bits & bit(Interrupt::machine_timer)) g.hart.set_mtimecmp(0);
  g.poke(Csr::mip, bits & 0x222);
}

TEST(InterruptPriority, DefaultOrderIsMeiMsiMtiSeiSsiSti) {
  const Interrupt order[] = {Interrupt::machine_external,    Interrupt::machine_software,
                             Interrupt::machine_timer,       Interrupt::supervisor_external,
                             Interrupt::supervisor_software, Interrupt::supervisor_timer};
  for (size_t i = 0; i < 6; ++i) {
    Guest g;
    uint64_t pending = 0;
    for (size_t j = i; j < 6; ++j) pending |= bit(order[j]);
    raise(g, pending);
    g.poke(Csr::mie, kAll);
    g.enter(Privilege::user);
    EXPECT_EQ(name(g.hart.pending_interrupt()), name(order[i])) << "pending " << hex(pending);
  }
}

TEST(InterruptEnables, MachineInterruptsInMachineModeNeedMie) {
  Guest g;
  raise(g, bit(Interrupt::machine_timer));
  g.poke(Csr::mie, kAll);
  EXPECT_FALSE(g.hart.pending_interrupt()) << "mstatus.MIE clear";
  g.poke(Csr::mstatus, ms::mie);
  EXPECT_EQ(name(g.hart.pending_interrupt()), name(Interrupt::machine_timer));
  g.poke(Csr::mie, 0);
  EXPECT_FALSE(g.hart.pending_interrupt()) << "mie.MTIE clear";
}

TEST(InterruptEnables, MachineInterruptsBelowMachineModeIgnoreMie) {
  Guest g;
  raise(g, bit(Interrupt::machine_timer));
  g.poke(Csr::mie, kAll);
  g.enter(Privilege::supervisor);
  EXPECT_EQ(name(g.hart.pending_interrupt()), name(Interrupt::machine_timer));
}

TEST(InterruptEnables, DelegatedInterruptsAreNeverTakenInMachineMode) {
  Guest g;
  raise(g, bit(Interrupt::supervisor_software));
  g.poke(Csr::mie, kAll);
  g.poke(Csr::mideleg, 0x222);
  g.poke(Csr::mstatus, ms::mie | ms::sie);
  EXPECT_FALSE(g.hart.pending_interrupt());
}

TEST(InterruptEnables, DelegatedInterruptsInSupervisorModeNeedSie) {
  Guest g;
  raise(g, bit(Interrupt::supervisor_software));
  g.poke(Csr::mie, kAll);
  g.poke(Csr::mideleg, 0x222);
  g.enter(Privilege::supervisor);
  EXPECT_FALSE(g.hart.pending_interrupt()) << "sstatus.SIE clear";
  g.poke(Csr::mstatus, ms::sie);
  EXPECT_EQ(name(g.hart.pending_interrupt()), name(Interrupt::supervisor_software));
  g.enter(Privilege::user);
  g.poke(Csr::mstatus, 0);
  EXPECT_EQ(name(g.hart.pending_interrupt()), name(Interrupt::supervisor_software))
      << "always enabled from U";
}

TEST(InterruptEnables, UndelegatedSupervisorInterruptGoesToMachine) {
  Guest g;
  raise(g, bit(Interrupt::supervisor_timer));
  g.poke(Csr::mie, kAll);
  g.enter(Privilege::supervisor);
  EXPECT_EQ(name(g.hart.pending_interrupt()), name(Interrupt::supervisor_timer));
  g.poke(Csr::mtvec, 0x80000000);
  (void)g.hart.take_interrupt(Interrupt::supervisor_timer, 0x1000);
  EXPECT_EQ(g.hart.privilege(), Privilege::machine);
}

TEST(InterruptEnables, MachineLevelInterruptBeatsAHigherPriorityDelegatedOne) {
  Guest g;
  raise(g, bit(Interrupt::supervisor_external) | bit(Interrupt::supervisor_timer));
  g.poke(Csr::mie, kAll);
  g.poke(Csr::mideleg, bit(Interrupt::supervisor_external));
  g.poke(Csr::mstatus, ms::sie);
  g.enter(Privilege::supervisor);
  EXPECT_EQ(name(g.hart.pending_interrupt()), name(Interrupt::supervisor_timer))
      << "STI is not delegated, so it is an M-level interrupt and wins";
}

TEST(InterruptDelivery, SetsCauseWithInterruptBitAndUsesVectoredOffset) {
  Guest g;
  g.poke(Csr::stvec, 0x80002001);
  g.poke(Csr::mideleg, 0x222);
  g.enter(Privilege::user);
  const Outcome o = g.hart.take_interrupt(Interrupt::supervisor_timer, 0x4000);
  EXPECT_EQ(hex(o.target), hex(0x80002000 + 4 * 5));
  EXPECT_EQ(hex(g.peek(Csr::scause)), hex(0x8000000000000005ull));
  EXPECT_EQ(hex(g.peek(Csr::sepc)), hex(0x4000));
  EXPECT_EQ(g.peek(Csr::stval), 0u);
}

TEST(Wfi, WakesOnAnEnabledPendingInterruptEvenWhenGloballyDisabled) {
  Guest g;
  EXPECT_EQ(g.run(kWfi).next, Next::wait_for_interrupt);
  EXPECT_FALSE(g.hart.should_wake());
  g.hart.set_software_interrupt(true);
  EXPECT_FALSE(g.hart.should_wake()) << "MSIP pending but not enabled in mie";
  g.poke(Csr::mie, bit(Interrupt::machine_software));
  EXPECT_TRUE(g.hart.should_wake()) << "mstatus.MIE is clear, yet wfi must wake";
  EXPECT_FALSE(g.hart.pending_interrupt()) << "...without taking the interrupt";
}

TEST(Timers, MtimecmpRaisesMtipWhenTheClockReachesIt) {
  Guest g;
  g.hart.set_time(100);
  g.hart.set_mtimecmp(150);
  EXPECT_EQ(g.peek(Csr::mip), 0u);
  EXPECT_EQ(g.hart.next_timer_deadline().value_or(0), 150u);
  g.hart.set_time(149);
  EXPECT_EQ(g.peek(Csr::mip), 0u);
  g.hart.set_time(150);
  EXPECT_EQ(hex(g.peek(Csr::mip)), hex(bit(Interrupt::machine_timer)));
  EXPECT_FALSE(g.hart.next_timer_deadline());
  g.hart.set_mtimecmp(~0ull);
  EXPECT_EQ(g.peek(Csr::mip), 0u) << "a later mtimecmp lowers MTIP";
}

TEST(Timers, StimecmpDrivesStip) {
  Guest g;
  g.poke(Csr::menvcfg, riscv::envcfg::stce);
  g.hart.set_time(1000);
  (void)g.csrw(Csr::stimecmp, 999);
  EXPECT_EQ(hex(g.peek(Csr::mip)), hex(bit(Interrupt::supervisor_timer))) << "already due";
  (void)g.csrw(Csr::stimecmp, 2000);
  EXPECT_EQ(g.peek(Csr::mip), 0u);
  g.hart.set_time(2000);
  EXPECT_EQ(hex(g.peek(Csr::mip)), hex(bit(Interrupt::supervisor_timer)));
}

TEST(Timers, SbiSetTimerDrivesStip) {
  Guest g;
  g.hart.set_time(10);
  g.hart.set_sbi_timer(20);
  EXPECT_EQ(g.peek(Csr::mip), 0u);
  g.hart.set_time(25);
  EXPECT_EQ(hex(g.peek(Csr::mip)), hex(bit(Interrupt::supervisor_timer)));
}

TEST(InterruptLines, SoftwareAndExternalLinesSetAndClearTheirBits) {
  Guest g;
  g.hart.set_software_interrupt(true);
  g.hart.set_external_interrupt(Privilege::machine, true);
  EXPECT_EQ(hex(g.peek(Csr::mip)),
            hex(bit(Interrupt::machine_software) | bit(Interrupt::machine_external)));
  g.hart.set_software_interrupt(false);
  g.hart.set_external_interrupt(Privilege::machine, false);
  EXPECT_EQ(g.peek(Csr::mip), 0u);
}

}  // namespace
}  // namespace gh::vcpu::test
