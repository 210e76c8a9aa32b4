// Commands the host sends on the event channel (set a filter, snapshot a vCPU, the
// memory map, translate a gva), answered in-stream on the VM-level stream. Runs on the
// service hart; reads of a running vCPU's state are a snapshot taken on the fly.
#pragma once

#include "events/event_stream.hpp"
#include "events/frame_codec.hpp"
#include "tae/virtual_machine.hpp"

namespace gh::tae {

class EventCommands {
 public:
  EventCommands(VirtualMachine& vm, events::EventStream& replies) : vm_(vm), replies_(replies) {}

  // One decoded frame from the host.
  void handle(const events::DecodedFrame& frame);

 private:
  void set_filter(const events::SetFilterCommand& command, uint16_t vcpu);
  void vcpu_state(const events::RequestVcpuStateCommand& command, uint16_t vcpu);
  void memory_map(const events::RequestMemoryMapCommand& command);
  void translate(const events::RequestTranslationCommand& command, uint16_t vcpu);
  void end_reply(uint32_t request_id, events::RecordKind request, events::ReplyStatus status,
                 uint32_t records);
  uint64_t now() const { return vm_.hooks().time(); }

  VirtualMachine& vm_;
  events::EventStream& replies_;
};

}  // namespace gh::tae
