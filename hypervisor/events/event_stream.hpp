// The hypervisor's side of the event stream for one vCPU: numbers, timestamps, filters
// and encodes records into that vCPU's EventRing. Only the vCPU's own hart calls it, so
// it needs no lock; the transport pump drains the ring from anywhere.
//
// When the ring is full an event is dropped (its sequence number is used up, so the gap
// shows) and counted; the next emit that finds room first writes a DropCountRecord.
#pragma once

#include <cstdint>

#include "events/event_filter.hpp"
#include "events/event_ring.hpp"
#include "events/wire_format.hpp"

namespace gh::events {

enum class EmitResult : uint8_t { written, dropped, filtered };

class EventStream {
 public:
  EventStream(uint16_t vcpu, EventRing& ring) : vcpu_(vcpu), ring_(ring) {}
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  // Applies a host set_filter (call from this vCPU's hart, e.g. at its next exit).
  void set_filter(const EventFilter& filter) { filter_ = filter; }
  [[nodiscard]] const EventFilter& filter() const { return filter_; }

  // One function per record kind; `time` is the timebase (rdtime) at the event.
  EmitResult emit(uint64_t time, const StreamHello& record);
  EmitResult emit(uint64_t time, const TrapRecord& record);
  EmitResult emit(uint64_t time, const ModeChangeRecord& record);
  EmitResult emit(uint64_t time, const CsrWriteRecord& record);
  EmitResult emit(uint64_t time, const PageTableDiffRecord& record);
  EmitResult emit(uint64_t time, const MemoryRegionRecord& record);
  EmitResult emit(uint64_t time, const LifecycleRecord& record);
  EmitResult emit(uint64_t time, const GdbStateRecord& record);
  // Replies to host commands (never filtered).
  EmitResult emit(uint64_t time, const VcpuStateRecord& record);
  EmitResult emit(uint64_t time, const TranslationRecord& record);
  EmitResult emit(uint64_t time, const PageTableEntryRecord& record);
  EmitResult emit(uint64_t time, const ReplyEndRecord& record);

  // Writes a pending drop record now if there is room (e.g. from an idle loop), so a
  // quiet vCPU reports its losses without waiting for its next event.
  void flush_drops(uint64_t time);

  [[nodiscard]] uint16_t vcpu() const { return vcpu_; }
  [[nodiscard]] uint32_t next_sequence() const { return next_sequence_; }
  [[nodiscard]] uint64_t total_dropped() const { return total_dropped_; }
  [[nodiscard]] uint32_t pending_drops() const { return pending_drops_; }
  [[nodiscard]] EventRing& ring() { return ring_; }

 private:
  template <WireRecord R>
  EmitResult emit_filtered(uint64_t time, const R& record, uint32_t event_class_bit,
                           const uint64_t* addresses, int address_count);
  template <WireRecord R>
  EmitResult write(uint64_t time, const R& record);
  bool write_pending_drops(uint64_t time);

  uint16_t vcpu_;
  EventRing& ring_;
  EventFilter filter_;
  uint32_t next_sequence_ = 0;
  uint32_t pending_drops_ = 0;
  uint32_t first_lost_sequence_ = 0;
  uint64_t total_dropped_ = 0;
};

}  // namespace gh::events
