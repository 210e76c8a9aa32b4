#include "sample_stream.hpp"

#include <array>

#include "events/event_ring.hpp"
#include "events/event_stream.hpp"

namespace gh::events::test {
namespace {

class Recording {
 public:
  EventStream vcpu0{0, ring0_.ring()};
  EventStream vcpu1{1, ring1_.ring()};

  // Moves what the rings hold into the recording, as the transport pump would.
  void pump() {
    drain(ring0_.ring());
    drain(ring1_.ring());
  }
  Bytes take() {
    pump();
    return bytes_;
  }

 private:
  void drain(EventRing& ring) {
    std::array<uint8_t, 512> chunk{};
    while (size_t got = ring.read(chunk))
      bytes_.insert(bytes_.end(), chunk.begin(), chunk.begin() + got);
  }

  StaticEventRing<4096> ring0_;
  StaticEventRing<120> ring1_;  // room for two traps only
  Bytes bytes_;
};

void vcpu0_boot(Recording& r) {
  r.vcpu0.emit(0, StreamHello{.vcpu_count = 2, .timebase_hz = 10'000'000});
  r.vcpu0.emit(
      10, MemoryRegionRecord{
              .gpa = 0x80000000, .size = 0x8000000, .hpa = 0x88000000, .region = RegionKind::ram});
  r.vcpu0.emit(11, MemoryRegionRecord{
                       .gpa = 0x10000000, .size = 0x1000, .region = RegionKind::mmio, .device = 1});
  r.vcpu0.emit(100, LifecycleRecord{.pc = 0x80000000, .state = LifecycleState::started});
  r.pump();
  r.vcpu1.emit(105, LifecycleRecord{.pc = 0x80000000, .state = LifecycleState::started});
  r.pump();
}

void vcpu0_paging(Recording& r) {
  r.vcpu0.emit(123456, TrapRecord{.cause = 2,
                                  .pc = 0x80200010,
                                  .tval = 0x18051073,
                                  .instruction = 0x18051073,
                                  .mode_before = VirtualMode::supervisor,
                                  .mode_after = VirtualMode::supervisor,
                                  .handled_by = HandledBy::emulated});
  r.vcpu0.emit(
      123460, CsrWriteRecord{
                  .csr = 0x180, .old_value = 0, .new_value = 0x8000000000080400, .pc = 0x80200010});
  r.vcpu0.emit(123470, PageTableDiffRecord{.table = PageTableKind::guest,
                                           .level = 2,
                                           .root = 0x80400000,
                                           .va = 0,
                                           .pte_address = 0x80400000,
                                           .old_pte = 0,
                                           .new_pte = 0x20100c01});
  r.vcpu0.emit(123475, PageTableDiffRecord{.table = PageTableKind::guest,
                                           .level = 0,
                                           .root = 0x80400000,
                                           .va = 0x1000,
                                           .pte_address = 0x80403008,
                                           .old_pte = 0,
                                           .new_pte = 0x200004df});
  r.vcpu0.emit(123480, PageTableDiffRecord{.table = PageTableKind::shadow,
                                           .level = 2,
                                           .root = 0x90000000,
                                           .va = 0,
                                           .pte_address = 0x90000000,
                                           .old_pte = 0,
                                           .new_pte = 0x24000c01});
  r.vcpu0.emit(123500, TrapRecord{.cause = 8,
                                  .pc = 0x1000,
                                  .instruction = 0x00000073,
                                  .mode_before = VirtualMode::user,
                                  .mode_after = VirtualMode::supervisor,
                                  .handled_by = HandledBy::reflected});
  r.vcpu0.emit(
      123501,
      ModeChangeRecord{.pc = 0x80201000, .from = VirtualMode::user, .to = VirtualMode::supervisor});
  r.pump();
}

void vcpu1_drops_and_gdb(Recording& r) {
  TrapRecord timer{.cause = (1ull << 63) | 5,
                   .pc = 0x80200100,
                   .mode_before = VirtualMode::supervisor,
                   .mode_after = VirtualMode::supervisor,
                   .handled_by = HandledBy::reflected};
  for (uint64_t i = 0; i < 5; ++i) r.vcpu1.emit(200000 + i, timer);  // 2 fit, 3 dropped
  r.pump();
  r.vcpu1.emit(200010, GdbStateRecord{.pc = 0x80200200,
                                      .action = GdbAction::stop,
                                      .reason = GdbStopReason::breakpoint});
  r.pump();
  r.vcpu1.emit(200020, GdbStateRecord{.pc = 0x80200200, .action = GdbAction::resume});
  r.vcpu1.emit(200030, LifecycleRecord{.pc = 0x80200204, .state = LifecycleState::waiting});
  r.pump();
}

TranslationRecord sample_translation() {
  TranslationRecord t{.request_id = 2,
                      .access = AccessKind::load,
                      .outcome = WalkOutcome::translated,
                      .gva = 0x1234,
                      .satp = 0x8000000000080400,
                      .gpa = 0x80001234,
                      .hpa = 0x88001234,
                      .leaf_pte = 0x200004df,
                      .step_count = 3,
                      .translated_by_tables = 1,
                      .region = RegionKind::ram};
  t.steps[0] = {.table_gpa = 0x80400000, .pte_gpa = 0x80400000, .pte = 0x20100c01, .level = 2};
  t.steps[1] = {.table_gpa = 0x80403000, .pte_gpa = 0x80403000, .pte = 0x20100c01, .level = 1};
  t.steps[2] = {
      .table_gpa = 0x80403000, .pte_gpa = 0x80403008, .pte = 0x200004df, .level = 0, .index = 1};
  return t;
}

void vcpu0_replies(Recording& r) {
  r.vcpu0.emit(300000, VcpuStateRecord{.request_id = 1,
                                       .mode = VirtualMode::supervisor,
                                       .state = LifecycleState::started,
                                       .pc = 0x80201000,
                                       .mstatus = 0xa00000000,
                                       .satp = 0x8000000000080400,
                                       .stvec = 0x80201000});
  r.vcpu0.emit(300001,
               ReplyEndRecord{
                   .request_id = 1, .request = RecordKind::request_vcpu_state, .record_count = 1});
  r.vcpu0.emit(300002, sample_translation());
  r.vcpu0.emit(300003,
               ReplyEndRecord{
                   .request_id = 2, .request = RecordKind::request_translation, .record_count = 1});
  r.vcpu0.emit(300004, PageTableEntryRecord{.request_id = 3,
                                            .level = 2,
                                            .root = 0x80400000,
                                            .va = 0,
                                            .pte_address = 0x80400000,
                                            .pte = 0x20100c01});
  r.vcpu0.emit(300005, PageTableEntryRecord{.request_id = 3,
                                            .level = 0,
                                            .index = 1,
                                            .root = 0x80400000,
                                            .va = 0x1000,
                                            .pte_address = 0x80403008,
                                            .pte = 0x200004df});
  r.vcpu0.emit(300006,
               ReplyEndRecord{
                   .request_id = 3, .request = RecordKind::request_page_table, .record_count = 2});
  r.vcpu0.emit(400000, LifecycleRecord{.pc = 0x80201100, .state = LifecycleState::halted});
}

}  // namespace

Bytes sample_stream() {
  Recording r;
  vcpu0_boot(r);
  vcpu0_paging(r);
  vcpu1_drops_and_gdb(r);
  vcpu0_replies(r);
  return r.take();
}

std::vector<Bytes> sample_frames() {
  std::vector<Bytes> frames(1);
  for (uint8_t byte : sample_stream()) {
    frames.back().push_back(byte);
    if (byte == 0) frames.emplace_back();
  }
  frames.pop_back();
  return frames;
}

Bytes corrupted_sample_stream() {
  std::vector<Bytes> frames = sample_frames();
  Bytes out(frames[1].begin() + 5, frames[1].end());  // joined inside frame 1
  for (size_t i = 2; i < frames.size(); ++i) {
    Bytes frame = frames[i];
    if (i == 6) continue;                                        // vCPU 0's satp write is lost
    if (i == 9) frame[10] ^= 0x40;                               // a flipped bit: CRC mismatch
    if (i + 1 == frames.size()) frame.resize(frame.size() / 2);  // ends inside a frame
    out.insert(out.end(), frame.begin(), frame.end());
  }
  return out;
}

}  // namespace gh::events::test
