// Commands the host sends on the event channel (set a filter, snapshot a vCPU, the
// memory map, translate a gva), answered in-stream on the VM-level stream. Runs on the
// service hart; reads of a running vCPU's state are a snapshot taken on the fly.
#pragma once

#include "events/event_stream.hpp"
#include "events/frame_codec.hpp"
#include "tae/virtual_machine.hpp"

namespace gh::tae {

// Makes room in the reply ring (the service hart sends what it holds) when a long reply
// fills it.
class ReplyDrain {
 public:
  virtual void drain() = 0;

 protected:
  ~ReplyDrain() = default;
};

class EventCommands {
 public:
  // A snapshot-pt reply sends at most this many entries (then ends "truncated").
  static constexpr uint32_t max_page_table_entries = 4096;

  EventCommands(VirtualMachine& vm, events::EventStream& replies, ReplyDrain* drain = nullptr)
      : vm_(vm), replies_(replies), drain_(drain) {}

  // One decoded frame from the host.
  void handle(const events::DecodedFrame& frame);

 private:
  void set_filter(const events::SetFilterCommand& command, uint16_t vcpu);
  void vcpu_state(const events::RequestVcpuStateCommand& command, uint16_t vcpu);
  void memory_map(const events::RequestMemoryMapCommand& command);
  void translate(const events::RequestTranslationCommand& command, uint16_t vcpu);
  void page_table(const events::RequestPageTableCommand& command, uint16_t vcpu);
  friend class PageTableReply;
  // Emits one reply record, draining the ring once if it is full (every reply record goes
  // through here, so a long reply never crowds out the next); false if it was lost.
  template <typename Record>
  bool reply(const Record& record);
  void end_reply(uint32_t request_id, events::RecordKind request, events::ReplyStatus status,
                 uint32_t records);
  uint64_t now() const { return vm_.hooks().time(); }

  VirtualMachine& vm_;
  events::EventStream& replies_;
  ReplyDrain* drain_;
};

template <typename Record>
bool EventCommands::reply(const Record& record) {
  if (replies_.emit(now(), record) == events::EmitResult::written) return true;
  if (drain_ == nullptr) return false;
  drain_->drain();
  return replies_.emit(now(), record) == events::EmitResult::written;
}

}  // namespace gh::tae
