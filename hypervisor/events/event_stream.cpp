#include "events/event_stream.hpp"

#include "events/frame_codec.hpp"

namespace gh::events {

template <WireRecord R>
EmitResult EventStream::write(uint64_t time, const R& record) {
  if (pending_drops_ > 0 && !write_pending_drops(time)) {
    // Still no room: this event is lost too (it takes a sequence number, so it shows).
  } else {
    FrameHeader header{.version = wire_version,
                       .kind = R::kind,
                       .vcpu = vcpu_,
                       .sequence = next_sequence_,
                       .timestamp = time};
    EncodedFrame frame = encode_frame(header, record);
    if (ring_.try_write(frame.view())) {
      ++next_sequence_;
      return EmitResult::written;
    }
  }
  if (pending_drops_ == 0) first_lost_sequence_ = next_sequence_;
  ++pending_drops_;
  ++total_dropped_;
  ++next_sequence_;
  return EmitResult::dropped;
}

bool EventStream::write_pending_drops(uint64_t time) {
  DropCountRecord drops{.dropped = pending_drops_,
                        .first_lost_sequence = first_lost_sequence_,
                        .total_dropped = total_dropped_};
  FrameHeader header{.version = wire_version,
                     .kind = DropCountRecord::kind,
                     .vcpu = vcpu_,
                     .sequence = next_sequence_,
                     .timestamp = time};
  EncodedFrame frame = encode_frame(header, drops);
  if (!ring_.try_write(frame.view())) return false;
  ++next_sequence_;
  pending_drops_ = 0;
  return true;
}

void EventStream::flush_drops(uint64_t time) {
  if (pending_drops_ > 0) write_pending_drops(time);
}

template <WireRecord R>
EmitResult EventStream::emit_filtered(uint64_t time, const R& record, uint32_t event_class_bit,
                                      const uint64_t* addresses, int address_count) {
  if (!filter_.accepts(event_class_bit, vcpu_, addresses, address_count)) {
    return EmitResult::filtered;
  }
  return write(time, record);
}

EmitResult EventStream::emit(uint64_t time, const StreamHello& record) {
  return write(time, record);
}

EmitResult EventStream::emit(uint64_t time, const TrapRecord& record) {
  const uint64_t addresses[] = {record.pc, record.tval};
  return emit_filtered(time, record, event_class::trap, addresses, 2);
}

EmitResult EventStream::emit(uint64_t time, const ModeChangeRecord& record) {
  return emit_filtered(time, record, event_class::mode_change, &record.pc, 1);
}

EmitResult EventStream::emit(uint64_t time, const CsrWriteRecord& record) {
  return emit_filtered(time, record, event_class::csr_write, &record.pc, 1);
}

EmitResult EventStream::emit(uint64_t time, const PageTableDiffRecord& record) {
  uint32_t event_class_bit = event_class_of(RecordKind::page_table_diff, record.table);
  return emit_filtered(time, record, event_class_bit, &record.va, 1);
}

EmitResult EventStream::emit(uint64_t time, const MemoryRegionRecord& record) {
  if (record.request_id != 0) return write(time, record);
  return emit_filtered(time, record, event_class::memory_map, nullptr, 0);
}

EmitResult EventStream::emit(uint64_t time, const LifecycleRecord& record) {
  return emit_filtered(time, record, event_class::lifecycle, nullptr, 0);
}

EmitResult EventStream::emit(uint64_t time, const GdbStateRecord& record) {
  return emit_filtered(time, record, event_class::gdb, &record.pc, 1);
}

EmitResult EventStream::emit(uint64_t time, const VcpuStateRecord& record) {
  return write(time, record);
}

EmitResult EventStream::emit(uint64_t time, const TranslationRecord& record) {
  return write(time, record);
}

EmitResult EventStream::emit(uint64_t time, const PageTableEntryRecord& record) {
  return write(time, record);
}

EmitResult EventStream::emit(uint64_t time, const ReplyEndRecord& record) {
  return write(time, record);
}

}  // namespace gh::events
