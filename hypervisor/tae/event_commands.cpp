#include "tae/event_commands.hpp"

#include "events/mmu_records.hpp"
#include "tae/page_table_snapshot.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::tae {

using events::RecordKind;
using events::ReplyStatus;

void EventCommands::handle(const events::DecodedFrame& frame) {
  const uint16_t vcpu = frame.header.vcpu;
  if (auto c = frame.as<events::SetFilterCommand>()) return set_filter(*c, vcpu);
  if (auto c = frame.as<events::RequestVcpuStateCommand>()) return vcpu_state(*c, vcpu);
  if (auto c = frame.as<events::RequestMemoryMapCommand>()) return memory_map(*c);
  if (auto c = frame.as<events::RequestTranslationCommand>()) return translate(*c, vcpu);
  if (auto c = frame.as<events::RequestPageTableCommand>()) return page_table(*c, vcpu);
}

// Sends each entry of a snapshot-pt reply, up to the reply's limit.
class PageTableReply final : public PteVisitor {
 public:
  PageTableReply(EventCommands& commands, events::PageTableEntryRecord base)
      : commands_(commands), base_(base) {}

  bool visit(const VisitedPte& entry) override {
    if (sent_ == EventCommands::max_page_table_entries) return false;
    events::PageTableEntryRecord r = base_;
    r.level = entry.level;
    r.index = entry.index;
    r.va = entry.va;
    r.pte_address = entry.pte_address;
    r.pte = entry.pte;
    if (!commands_.reply(r)) return false;
    ++sent_;
    return true;
  }
  [[nodiscard]] uint32_t sent() const { return sent_; }

 private:
  EventCommands& commands_;
  events::PageTableEntryRecord base_;
  uint32_t sent_ = 0;
};

// The guest's table (its satp's, or `root` read with the satp's mode) or the vCPU's
// active shadow; every valid entry, then the end of the reply.
void EventCommands::page_table(const events::RequestPageTableCommand& command, uint16_t vcpu) {
  const auto end = [&](ReplyStatus status, uint32_t records) {
    end_reply(command.request_id, RecordKind::request_page_table, status, records);
  };
  if (vcpu >= vm_.vcpu_count()) return end(ReplyStatus::unknown_vcpu, 0);
  TaeVcpu& v = vm_.vcpu(vcpu);
  if (command.table == events::PageTableKind::g_stage) return end(ReplyStatus::not_supported, 0);
  const bool shadow = command.table == events::PageTableKind::shadow;
  std::optional<PageTableRoot> table = current_page_table(v, shadow);
  if (!table) return end(ReplyStatus::bad_request, 0);
  if (command.root != 0) {
    // Any guest table may be read (with the vCPU's paging mode); a shadow only if it is the
    // active one: the hypervisor never walks host memory it did not build for this vCPU.
    if (shadow && command.root != table->root) return end(ReplyStatus::bad_request, 0);
    table->root = command.root;
  }
  events::PageTableEntryRecord base;
  base.request_id = command.request_id;
  base.table = command.table;
  base.root = table->root;
  PageTableReply sender(*this, base);
  const bool complete = visit_page_table(vm_, *table, sender);
  end(complete ? ReplyStatus::ok : ReplyStatus::truncated, sender.sent());
}

// Filters apply to every vCPU stream (the vCPU mask inside the filter selects). The
// acknowledgement is stamped after every stream has the filter: an event stamped later
// has passed it.
void EventCommands::set_filter(const events::SetFilterCommand& command, uint16_t) {
  for (uint32_t i = 0; i < vm_.vcpu_count(); ++i) {
    if (auto* stream = vm_.vcpu(i).events().stream()) {
      stream->set_filter(events::EventFilter::from(command));
    }
  }
  end_reply(command.request_id, RecordKind::set_filter, ReplyStatus::ok, 0);
}

void EventCommands::vcpu_state(const events::RequestVcpuStateCommand& command, uint16_t vcpu) {
  if (vcpu >= vm_.vcpu_count()) {
    return end_reply(command.request_id, RecordKind::request_vcpu_state, ReplyStatus::unknown_vcpu,
                     0);
  }
  TaeVcpu& v = vm_.vcpu(vcpu);
  vcpu::VirtualHart& hart = v.hart();
  auto csr = [&hart](riscv::Csr c) { return hart.read_csr(riscv::csr_number(c)).value_or(0); };
  events::VcpuStateRecord r;
  r.request_id = command.request_id;
  r.mode = VcpuEvents::mode(hart.privilege());
  r.state = v.run_state() == TaeVcpu::RunState::running   ? events::LifecycleState::started
            : v.run_state() == TaeVcpu::RunState::waiting ? events::LifecycleState::waiting
                                                          : events::LifecycleState::stopped;
  r.pc = v.state().pc;
  r.mstatus = hart.mstatus();
  r.satp = hart.satp();
  r.mtvec = csr(riscv::Csr::mtvec);
  r.stvec = csr(riscv::Csr::stvec);
  r.mepc = csr(riscv::Csr::mepc);
  r.sepc = csr(riscv::Csr::sepc);
  r.mcause = csr(riscv::Csr::mcause);
  r.scause = csr(riscv::Csr::scause);
  r.mtval = csr(riscv::Csr::mtval);
  r.stval = csr(riscv::Csr::stval);
  r.medeleg = csr(riscv::Csr::medeleg);
  r.mideleg = csr(riscv::Csr::mideleg);
  r.mie = hart.mie();
  r.mip = hart.mip();
  (void)reply(r);
  end_reply(command.request_id, RecordKind::request_vcpu_state, ReplyStatus::ok, 1);
}

void EventCommands::memory_map(const events::RequestMemoryMapCommand& command) {
  uint32_t count = 0;
  for (const mmu::GuestRegion& region : vm_.memory_map().regions()) {
    (void)reply(events::memory_region_record(region, command.request_id));
    ++count;
  }
  end_reply(command.request_id, RecordKind::request_memory_map, ReplyStatus::ok, count);
}

// An inspection walk (no A/D update): looking never changes the guest.
void EventCommands::translate(const events::RequestTranslationCommand& command, uint16_t vcpu) {
  if (vcpu >= vm_.vcpu_count()) {
    return end_reply(command.request_id, RecordKind::request_translation, ReplyStatus::unknown_vcpu,
                     0);
  }
  vcpu::VirtualHart& hart = vm_.vcpu(vcpu).hart();
  mmu::AccessType access = events::access_type(command.access);
  auto context = mmu::translation_context(hart.privilege(), hart.mstatus(), hart.satp(), access);
  mmu::Walk walk = mmu::walk_guest_page_table(context, command.gva, access, vm_.walker_memory(),
                                              {false, nullptr});
  (void)reply(events::translation_record(walk, command.request_id));
  end_reply(command.request_id, RecordKind::request_translation, ReplyStatus::ok, 1);
}

void EventCommands::end_reply(uint32_t request_id, RecordKind request, ReplyStatus status,
                              uint32_t records) {
  events::ReplyEndRecord end;
  end.request_id = request_id;
  end.request = request;
  end.status = status;
  end.record_count = records;
  (void)reply(end);
}

}  // namespace gh::tae
