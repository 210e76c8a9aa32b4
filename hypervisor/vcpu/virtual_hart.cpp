// VirtualHart: reset, clock, timer comparators and interrupt lines.
#include "vcpu/virtual_hart.hpp"

namespace gh::vcpu {

namespace ms = riscv::mstatus;
using riscv::interrupt_bit;

VirtualHart::VirtualHart(const HartConfig& config) : config_(config) { set_reset_values(); }

void VirtualHart::set_reset_values() {
  // QEMU resets mstatus to 0 apart from SXL/UXL (64-bit) and starts in M-mode.
  mstatus_ = (2ull << ms::sxl_shift) | (2ull << ms::uxl_shift);
  privilege_ = Privilege::machine;
  mtimecmp_.irq_bit = interrupt_bit(Interrupt::machine_timer);
  stimecmp_.irq_bit = interrupt_bit(Interrupt::supervisor_timer);
  sbi_timer_.irq_bit = interrupt_bit(Interrupt::supervisor_timer);
}

void VirtualHart::reset() {
  const uint64_t now = time_;
  *this = VirtualHart(config_);
  time_ = now;
}

// Comparators behave like QEMU's CLINT mtimecmp and Sstc stimecmp: a write at or
// before the current time raises the interrupt at once; a later one lowers it and
// arms the comparator, which raises it when the clock gets there.
void VirtualHart::write_comparator(Comparator& c, uint64_t value) {
  c.value = value;
  if (time_ >= value) {
    fire_comparator(c);
  } else {
    mip_ &= ~c.irq_bit;
    c.armed = true;
  }
}

void VirtualHart::fire_comparator(Comparator& c) {
  mip_ |= c.irq_bit;
  c.armed = false;
}

void VirtualHart::set_time(uint64_t now) {
  time_ = now;
  for (Comparator* c : {&mtimecmp_, &stimecmp_, &sbi_timer_}) {
    if (c->armed && now >= c->value) fire_comparator(*c);
  }
}

void VirtualHart::set_mtimecmp(uint64_t value) { write_comparator(mtimecmp_, value); }

void VirtualHart::set_sbi_timer(uint64_t value) { write_comparator(sbi_timer_, value); }

std::optional<uint64_t> VirtualHart::next_timer_deadline() const {
  std::optional<uint64_t> earliest;
  for (const Comparator* c : {&mtimecmp_, &stimecmp_, &sbi_timer_}) {
    if (c->armed && (!earliest || c->value < *earliest)) earliest = c->value;
  }
  return earliest;
}

void VirtualHart::set_software_interrupt(bool pending) {
  const uint64_t bit = interrupt_bit(Interrupt::machine_software);
  mip_ = pending ? (mip_ | bit) : (mip_ & ~bit);
}

void VirtualHart::set_external_interrupt(Privilege level, bool pending) {
  if (level == Privilege::supervisor) {
    external_seip_ = pending;
    return;
  }
  const uint64_t bit = interrupt_bit(Interrupt::machine_external);
  mip_ = pending ? (mip_ | bit) : (mip_ & ~bit);
}

uint64_t VirtualHart::mip() const {
  const bool seip = software_seip_ || external_seip_;
  return mip_ | (seip ? interrupt_bit(Interrupt::supervisor_external) : 0);
}

uint64_t VirtualHart::mstatus() const {
  constexpr uint64_t dirty_fs = ms::fs, dirty_vs = ms::vs, dirty_xs = ms::xs;
  const bool dirty = (mstatus_ & ms::fs) == dirty_fs || (mstatus_ & ms::vs) == dirty_vs ||
                     (mstatus_ & ms::xs) == dirty_xs;
  return mstatus_ | (dirty ? ms::sd : 0);
}

unsigned VirtualHart::active_pmp_entries() const {
  unsigned count = 0;
  for (uint8_t cfg : pmpcfg_) {
    if (riscv::pmpcfg::address_mode(cfg) != riscv::pmpcfg::a_off) ++count;
  }
  return count;
}

}  // namespace gh::vcpu
