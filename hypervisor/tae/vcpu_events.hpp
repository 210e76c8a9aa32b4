// What one vCPU tells the event stream: traps and how they were handled, virtual mode
// changes, satp writes, page-table diffs (guest and shadow), lifecycle. A vCPU with no
// stream attached emits nothing and pays almost nothing.
#pragma once

#include <cstdint>

#include "events/event_stream.hpp"
#include "mmu/page_table_diff.hpp"
#include "riscv/csr.hpp"
#include "tae/host_hooks.hpp"

namespace gh::tae {

class VcpuEvents final : public mmu::DiffSink {
 public:
  explicit VcpuEvents(const HostHooks& hooks) : hooks_(hooks) {}

  void attach(events::EventStream* stream) { stream_ = stream; }
  bool attached() const { return stream_ != nullptr; }
  events::EventStream* stream() { return stream_; }

  // mmu::DiffSink: guest PTE changes (A/D updates, edits found at sfence/satp) and
  // shadow PTE writes.
  void record(const mmu::PageTableDiff& diff) override;

  void trap(uint64_t cause, uint64_t pc, uint64_t tval, uint32_t instruction,
            riscv::Privilege before, riscv::Privilege after, events::HandledBy handled_by);
  void mode_change(uint64_t pc, riscv::Privilege from, riscv::Privilege to);
  void csr_write(uint16_t csr, uint64_t old_value, uint64_t new_value, uint64_t pc);
  void lifecycle(events::LifecycleState state, uint64_t pc, uint32_t exit_code = 0);
  // gdb stopped or resumed this vCPU.
  void gdb_state(events::GdbAction action, events::GdbStopReason reason, uint64_t pc);

  static events::VirtualMode mode(riscv::Privilege privilege);

 private:
  const HostHooks& hooks_;
  events::EventStream* stream_ = nullptr;
};

}  // namespace gh::tae
