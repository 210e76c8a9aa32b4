#include "tae/vcpu_events.hpp"

#include "events/mmu_records.hpp"

namespace gh::tae {

events::VirtualMode VcpuEvents::mode(riscv::Privilege privilege) {
  switch (privilege) {
    case riscv::Privilege::user:
      return events::VirtualMode::user;
    case riscv::Privilege::supervisor:
      return events::VirtualMode::supervisor;
    case riscv::Privilege::machine:
      return events::VirtualMode::machine;
  }
  return events::VirtualMode::machine;
}

void VcpuEvents::record(const mmu::PageTableDiff& diff) {
  if (stream_) (void)stream_->emit(hooks_.time(), events::page_table_diff_record(diff));
}

void VcpuEvents::trap(uint64_t cause, uint64_t pc, uint64_t tval, uint32_t instruction,
                      riscv::Privilege before, riscv::Privilege after,
                      events::HandledBy handled_by) {
  if (!stream_) return;
  events::TrapRecord r;
  r.cause = cause;
  r.pc = pc;
  r.tval = tval;
  r.instruction = instruction;
  r.mode_before = mode(before);
  r.mode_after = mode(after);
  r.handled_by = handled_by;
  (void)stream_->emit(hooks_.time(), r);
}

void VcpuEvents::mode_change(uint64_t pc, riscv::Privilege from, riscv::Privilege to) {
  if (!stream_) return;
  events::ModeChangeRecord r;
  r.pc = pc;
  r.from = mode(from);
  r.to = mode(to);
  (void)stream_->emit(hooks_.time(), r);
}

void VcpuEvents::csr_write(uint16_t csr, uint64_t old_value, uint64_t new_value, uint64_t pc) {
  if (!stream_) return;
  events::CsrWriteRecord r;
  r.csr = csr;
  r.old_value = old_value;
  r.new_value = new_value;
  r.pc = pc;
  (void)stream_->emit(hooks_.time(), r);
}

void VcpuEvents::lifecycle(events::LifecycleState state, uint64_t pc, uint32_t exit_code) {
  if (!stream_) return;
  events::LifecycleRecord r;
  r.pc = pc;
  r.state = state;
  r.exit_code = exit_code;
  (void)stream_->emit(hooks_.time(), r);
}

void VcpuEvents::gdb_state(events::GdbAction action, events::GdbStopReason reason, uint64_t pc) {
  if (!stream_) return;
  events::GdbStateRecord r;
  r.pc = pc;
  r.action = action;
  r.reason = reason;
  (void)stream_->emit(hooks_.time(), r);
}

}  // namespace gh::tae
