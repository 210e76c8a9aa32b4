// The event stream's wire format: every byte the hypervisor and the host tools exchange
// on the event channel (UART, shared-memory ring or a recorded file). This header is the
// single definition, compiled into the hypervisor and into the host tools; the prose
// version is docs/event-stream.md.
//
// Framing: each frame is COBS-encoded and followed by one 0x00 delimiter, so a reader
// that joins mid-stream or meets corruption drops bytes up to the next 0x00 and is in
// step again. Decoded, a frame is
//
//     FrameHeader (16 bytes) | body (the record for header.kind) | CRC-32 (4 bytes)
//
// where the CRC-32 (IEEE 802.3, the zlib one) covers header and body. All integers are
// little-endian; every record is a fixed-layout struct with no implicit padding (the
// static_asserts below pin sizes and offsets), so a body is exactly sizeof(record).
//
// Direction: kinds below 0x80 flow from the hypervisor to the host (events and replies);
// kinds from 0x80 are host -> hypervisor commands. A reply names the command's
// request_id. header.vcpu is the vCPU a frame concerns (for commands: the target);
// all_vcpus marks frames about the whole VM.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace gh::events {

static_assert(std::endian::native == std::endian::little, "records are copied as they lie");

// Bumped on any incompatible change of a record or of the framing.
constexpr uint8_t wire_version = 1;

// The largest decoded frame (header + biggest body + CRC) and its encoded size.
constexpr size_t max_frame_payload = 256;
constexpr size_t max_encoded_frame = max_frame_payload + max_frame_payload / 254 + 2;

constexpr uint16_t all_vcpus = 0xFFFF;

enum class RecordKind : uint8_t {
  // hypervisor -> host: events
  stream_hello = 0x01,
  trap = 0x02,
  mode_change = 0x03,
  csr_write = 0x04,
  page_table_diff = 0x05,
  memory_region = 0x06,
  vcpu_lifecycle = 0x07,
  gdb_state = 0x08,
  drop_count = 0x09,
  // hypervisor -> host: replies to commands
  vcpu_state = 0x20,
  translation = 0x21,
  page_table_entry = 0x22,
  reply_end = 0x23,
  // host -> hypervisor: commands
  set_filter = 0x80,
  request_vcpu_state = 0x81,
  request_page_table = 0x82,
  request_memory_map = 0x83,
  request_translation = 0x84,
};

constexpr bool is_command(RecordKind kind) { return static_cast<uint8_t>(kind) >= 0x80; }

// ---------------------------------------------------------------------------------------
// Frame header.

struct FrameHeader {
  uint8_t version = wire_version;
  RecordKind kind = RecordKind::stream_hello;
  uint16_t vcpu = 0;
  uint32_t sequence = 0;   // per vCPU and per direction, +1 per frame (dropped ones too)
  uint64_t timestamp = 0;  // timebase ticks (the guest-visible `time`), see StreamHello
};
static_assert(sizeof(FrameHeader) == 16);
static_assert(offsetof(FrameHeader, kind) == 1);
static_assert(offsetof(FrameHeader, vcpu) == 2);
static_assert(offsetof(FrameHeader, sequence) == 4);
static_assert(offsetof(FrameHeader, timestamp) == 8);

constexpr size_t frame_crc_size = 4;

// ---------------------------------------------------------------------------------------
// Shared enumerations.

// A virtual privilege mode. U/S/M match riscv::Privilege; VU/VS are the H backend's.
enum class VirtualMode : uint8_t {
  user = 0,
  supervisor = 1,
  machine = 3,
  virtual_user = 4,
  virtual_supervisor = 5,
};

// Who dealt with a trap.
enum class HandledBy : uint8_t {
  emulated = 0,     // the VMM emulated the instruction (CSR access, mret, sfence, ...)
  reflected = 1,    // delivered to the guest's own trap handler
  sbi = 2,          // an ecall served by the VMM's SBI
  mmio = 3,         // a load/store routed to an emulated device
  gdb = 4,          // a breakpoint or step that stopped the vCPU for gdb
  shadow_fill = 5,  // a page fault the shadow page table absorbed (guest never saw it)
  stopped = 6,      // not emulated: the VMM stopped the guest with a diagnostic
};

enum class PageTableKind : uint8_t { guest = 0, shadow = 1, g_stage = 2 };

enum class RegionKind : uint8_t { hole = 0, ram = 1, mmio = 2 };

enum class LifecycleState : uint8_t {
  created = 0,
  started = 1,
  waiting = 2,  // wfi: idle until an interrupt
  woke = 3,
  stopped = 4,  // stopped by the VMM (diagnostic) or by gdb detach/kill
  halted = 5,   // the guest powered off or failed through the finisher / SBI
};

enum class GdbAction : uint8_t { stop = 0, resume = 1, step = 2 };

enum class GdbStopReason : uint8_t {
  none = 0,
  breakpoint = 1,
  watchpoint = 2,
  step_done = 3,
  interrupted = 4,  // ^C from gdb
  attached = 5,
};

enum class AccessKind : uint8_t { fetch = 0, load = 1, store = 2 };

// Event classes a filter selects; hello, drop counts and replies always pass.
namespace event_class {
constexpr uint32_t trap = 1u << 0;
constexpr uint32_t mode_change = 1u << 1;
constexpr uint32_t csr_write = 1u << 2;
constexpr uint32_t guest_page_table = 1u << 3;
constexpr uint32_t shadow_page_table = 1u << 4;  // shadow and G-stage tables
constexpr uint32_t memory_map = 1u << 5;
constexpr uint32_t lifecycle = 1u << 6;
constexpr uint32_t gdb = 1u << 7;
constexpr uint32_t all = (1u << 8) - 1;
}  // namespace event_class

// ---------------------------------------------------------------------------------------
// Events (hypervisor -> host).

// First frame of a stream, and repeated periodically so late joiners learn the basics.
struct StreamHello {
  static constexpr RecordKind kind = RecordKind::stream_hello;
  uint16_t vcpu_count = 0;
  uint8_t backend = 0;  // 0 = trap-and-emulate, 1 = H extension
  uint8_t reserved = 0;
  uint32_t reserved2 = 0;
  uint64_t timebase_hz = 0;
};
static_assert(sizeof(StreamHello) == 16);
static_assert(offsetof(StreamHello, timebase_hz) == 8);

struct TrapRecord {
  static constexpr RecordKind kind = RecordKind::trap;
  uint64_t cause = 0;  // xcause encoding: bit 63 = interrupt
  uint64_t pc = 0;
  uint64_t tval = 0;
  uint32_t instruction = 0;  // the trapping instruction's bits (16-bit ones zero-extended)
  VirtualMode mode_before = VirtualMode::user;
  VirtualMode mode_after = VirtualMode::user;
  HandledBy handled_by = HandledBy::emulated;
  uint8_t reserved = 0;
};
static_assert(sizeof(TrapRecord) == 32);
static_assert(offsetof(TrapRecord, pc) == 8);
static_assert(offsetof(TrapRecord, tval) == 16);
static_assert(offsetof(TrapRecord, instruction) == 24);
static_assert(offsetof(TrapRecord, mode_before) == 28);
static_assert(offsetof(TrapRecord, handled_by) == 30);

struct ModeChangeRecord {
  static constexpr RecordKind kind = RecordKind::mode_change;
  uint64_t pc = 0;  // where the vCPU continues in the new mode
  VirtualMode from = VirtualMode::user;
  VirtualMode to = VirtualMode::user;
  uint8_t reserved[6] = {};
};
static_assert(sizeof(ModeChangeRecord) == 16);
static_assert(offsetof(ModeChangeRecord, from) == 8);

struct CsrWriteRecord {
  static constexpr RecordKind kind = RecordKind::csr_write;
  uint16_t csr = 0;  // CSR number (0x180 = satp)
  uint8_t reserved[6] = {};
  uint64_t old_value = 0;
  uint64_t new_value = 0;
  uint64_t pc = 0;  // the writing instruction
};
static_assert(sizeof(CsrWriteRecord) == 32);
static_assert(offsetof(CsrWriteRecord, old_value) == 8);
static_assert(offsetof(CsrWriteRecord, new_value) == 16);
static_assert(offsetof(CsrWriteRecord, pc) == 24);

// Same layout as mmu::PageTableDiff (the g_stage value is the H backend's).
struct PageTableDiffRecord {
  static constexpr RecordKind kind = RecordKind::page_table_diff;
  PageTableKind table = PageTableKind::guest;
  uint8_t level = 0;  // 0 = the entry maps (or points at) 4 KiB pages
  uint16_t reserved = 0;
  uint32_t padding = 0;
  uint64_t root = 0;         // guest: root gpa; shadow: root hpa
  uint64_t va = 0;           // first virtual address the entry covers
  uint64_t pte_address = 0;  // guest: gpa; shadow: hpa
  uint64_t old_pte = 0;
  uint64_t new_pte = 0;
};
static_assert(sizeof(PageTableDiffRecord) == 48);
static_assert(offsetof(PageTableDiffRecord, root) == 8);
static_assert(offsetof(PageTableDiffRecord, va) == 16);
static_assert(offsetof(PageTableDiffRecord, pte_address) == 24);
static_assert(offsetof(PageTableDiffRecord, old_pte) == 32);
static_assert(offsetof(PageTableDiffRecord, new_pte) == 40);

// One region of the guest-physical map; sent when the map is built and in reply to
// request_memory_map (then request_id is set and a reply_end follows the last region).
struct MemoryRegionRecord {
  static constexpr RecordKind kind = RecordKind::memory_region;
  uint64_t gpa = 0;
  uint64_t size = 0;
  uint64_t hpa = 0;  // RAM only
  RegionKind region = RegionKind::hole;
  uint8_t reserved = 0;
  uint16_t device = 0;      // MMIO only: the device model
  uint32_t request_id = 0;  // 0 = unsolicited
};
static_assert(sizeof(MemoryRegionRecord) == 32);
static_assert(offsetof(MemoryRegionRecord, hpa) == 16);
static_assert(offsetof(MemoryRegionRecord, region) == 24);
static_assert(offsetof(MemoryRegionRecord, request_id) == 28);

struct LifecycleRecord {
  static constexpr RecordKind kind = RecordKind::vcpu_lifecycle;
  uint64_t pc = 0;
  LifecycleState state = LifecycleState::created;
  uint8_t reserved[3] = {};
  uint32_t exit_code = 0;  // halted: the guest's exit status
};
static_assert(sizeof(LifecycleRecord) == 16);
static_assert(offsetof(LifecycleRecord, state) == 8);
static_assert(offsetof(LifecycleRecord, exit_code) == 12);

struct GdbStateRecord {
  static constexpr RecordKind kind = RecordKind::gdb_state;
  uint64_t pc = 0;
  GdbAction action = GdbAction::stop;
  GdbStopReason reason = GdbStopReason::none;
  uint8_t reserved[6] = {};
};
static_assert(sizeof(GdbStateRecord) == 16);
static_assert(offsetof(GdbStateRecord, action) == 8);

// Emitted once ring space returns after events were dropped: `dropped` frames with
// sequence numbers first_lost_sequence .. first_lost_sequence + dropped - 1 were lost.
struct DropCountRecord {
  static constexpr RecordKind kind = RecordKind::drop_count;
  uint32_t dropped = 0;
  uint32_t first_lost_sequence = 0;
  uint64_t total_dropped = 0;  // since the vCPU's stream began
};
static_assert(sizeof(DropCountRecord) == 16);
static_assert(offsetof(DropCountRecord, total_dropped) == 8);

// ---------------------------------------------------------------------------------------
// Replies (hypervisor -> host).

struct VcpuStateRecord {
  static constexpr RecordKind kind = RecordKind::vcpu_state;
  uint32_t request_id = 0;
  VirtualMode mode = VirtualMode::user;
  LifecycleState state = LifecycleState::created;
  uint16_t reserved = 0;
  uint64_t pc = 0;
  uint64_t mstatus = 0;
  uint64_t satp = 0;
  uint64_t mtvec = 0;
  uint64_t stvec = 0;
  uint64_t mepc = 0;
  uint64_t sepc = 0;
  uint64_t mcause = 0;
  uint64_t scause = 0;
  uint64_t mtval = 0;
  uint64_t stval = 0;
  uint64_t medeleg = 0;
  uint64_t mideleg = 0;
  uint64_t mie = 0;
  uint64_t mip = 0;
};
static_assert(sizeof(VcpuStateRecord) == 128);
static_assert(offsetof(VcpuStateRecord, mode) == 4);
static_assert(offsetof(VcpuStateRecord, pc) == 8);
static_assert(offsetof(VcpuStateRecord, satp) == 24);
static_assert(offsetof(VcpuStateRecord, mip) == 120);

// One level of a walk (mmu::WalkStep).
struct WalkStepRecord {
  uint64_t table_gpa = 0;
  uint64_t pte_gpa = 0;
  uint64_t pte = 0;  // as read
  uint8_t level = 0;
  uint8_t reserved = 0;
  uint16_t index = 0;
  uint32_t reserved2 = 0;
};
static_assert(sizeof(WalkStepRecord) == 32);
static_assert(offsetof(WalkStepRecord, level) == 24);
static_assert(offsetof(WalkStepRecord, index) == 26);

constexpr size_t max_walk_steps = 5;

enum class WalkOutcome : uint8_t { translated = 0, page_fault = 1, access_fault = 2 };

// The reply to request_translation: an mmu::Walk (inspection walk: no A/D update).
struct TranslationRecord {
  static constexpr RecordKind kind = RecordKind::translation;
  uint32_t request_id = 0;
  AccessKind access = AccessKind::load;
  WalkOutcome outcome = WalkOutcome::page_fault;
  uint8_t failed_rule = 0;  // mmu::WalkRule
  int8_t failed_level = -1;
  uint64_t gva = 0;
  uint64_t satp = 0;
  uint64_t gpa = 0;
  uint64_t hpa = 0;  // RAM: the host-physical address of gpa
  uint64_t leaf_pte = 0;
  uint8_t step_count = 0;
  uint8_t leaf_level = 0;
  uint8_t translated_by_tables = 0;  // 0: bare or M-mode, gpa == gva
  RegionKind region = RegionKind::hole;
  uint16_t device = 0;
  uint16_t reserved = 0;
  WalkStepRecord steps[max_walk_steps] = {};
};
static_assert(sizeof(TranslationRecord) == 56 + 32 * max_walk_steps);
static_assert(offsetof(TranslationRecord, gva) == 8);
static_assert(offsetof(TranslationRecord, hpa) == 32);
static_assert(offsetof(TranslationRecord, step_count) == 48);
static_assert(offsetof(TranslationRecord, steps) == 56);

// One valid entry of a page-table dump (request_page_table); a reply_end closes it.
struct PageTableEntryRecord {
  static constexpr RecordKind kind = RecordKind::page_table_entry;
  uint32_t request_id = 0;
  PageTableKind table = PageTableKind::guest;
  uint8_t level = 0;
  uint16_t index = 0;
  uint64_t root = 0;
  uint64_t va = 0;  // first virtual address the entry covers
  uint64_t pte_address = 0;
  uint64_t pte = 0;
};
static_assert(sizeof(PageTableEntryRecord) == 40);
static_assert(offsetof(PageTableEntryRecord, root) == 8);
static_assert(offsetof(PageTableEntryRecord, pte) == 32);

enum class ReplyStatus : uint8_t {
  ok = 0,
  unknown_vcpu = 1,
  bad_request = 2,
  truncated = 3,  // the reply did not fit (entries were dropped)
  not_supported = 4,
};

// Closes every reply (also single-record ones), so a client knows a request is done.
struct ReplyEndRecord {
  static constexpr RecordKind kind = RecordKind::reply_end;
  uint32_t request_id = 0;
  RecordKind request = RecordKind::request_vcpu_state;
  ReplyStatus status = ReplyStatus::ok;
  uint16_t reserved = 0;
  uint32_t record_count = 0;  // reply records sent before this one
  uint32_t reserved2 = 0;
};
static_assert(sizeof(ReplyEndRecord) == 16);
static_assert(offsetof(ReplyEndRecord, record_count) == 8);

// ---------------------------------------------------------------------------------------
// Commands (host -> hypervisor).

// Selects what the hypervisor emits. An event passes when its class is in class_mask,
// its vCPU in vcpu_mask (bit n = vCPU n; vCPUs >= 64 follow bit 63), and, when
// address_end > address_begin, its address (trap pc or tval, diff va, mode-change pc)
// lies in [address_begin, address_end).
struct SetFilterCommand {
  static constexpr RecordKind kind = RecordKind::set_filter;
  uint32_t request_id = 0;
  uint32_t class_mask = event_class::all;
  uint64_t vcpu_mask = ~uint64_t{0};
  uint64_t address_begin = 0;
  uint64_t address_end = 0;
};
static_assert(sizeof(SetFilterCommand) == 32);
static_assert(offsetof(SetFilterCommand, vcpu_mask) == 8);

struct RequestVcpuStateCommand {
  static constexpr RecordKind kind = RecordKind::request_vcpu_state;
  uint32_t request_id = 0;
  uint32_t reserved = 0;
};
static_assert(sizeof(RequestVcpuStateCommand) == 8);

// Dumps every valid entry reachable from `root` (0 = the vCPU's current root).
struct RequestPageTableCommand {
  static constexpr RecordKind kind = RecordKind::request_page_table;
  uint32_t request_id = 0;
  PageTableKind table = PageTableKind::guest;
  uint8_t reserved[3] = {};
  uint64_t root = 0;
};
static_assert(sizeof(RequestPageTableCommand) == 16);
static_assert(offsetof(RequestPageTableCommand, root) == 8);

struct RequestMemoryMapCommand {
  static constexpr RecordKind kind = RecordKind::request_memory_map;
  uint32_t request_id = 0;
  uint32_t reserved = 0;
};
static_assert(sizeof(RequestMemoryMapCommand) == 8);

struct RequestTranslationCommand {
  static constexpr RecordKind kind = RecordKind::request_translation;
  uint32_t request_id = 0;
  AccessKind access = AccessKind::load;
  uint8_t reserved[3] = {};
  uint64_t gva = 0;
};
static_assert(sizeof(RequestTranslationCommand) == 16);
static_assert(offsetof(RequestTranslationCommand, gva) == 8);

// ---------------------------------------------------------------------------------------
// Every record type, for compile-time checks and generic encoders.

template <typename R>
concept WireRecord =
    std::is_trivially_copyable_v<R> && std::has_unique_object_representations_v<R> && requires {
  R::kind;
} && sizeof(FrameHeader) + sizeof(R) + frame_crc_size <= max_frame_payload;

template <WireRecord... Records>
struct RecordList {};

using AllRecords =
    RecordList<StreamHello, TrapRecord, ModeChangeRecord, CsrWriteRecord, PageTableDiffRecord,
               MemoryRegionRecord, LifecycleRecord, GdbStateRecord, DropCountRecord,
               VcpuStateRecord, TranslationRecord, PageTableEntryRecord, ReplyEndRecord,
               SetFilterCommand, RequestVcpuStateCommand, RequestPageTableCommand,
               RequestMemoryMapCommand, RequestTranslationCommand>;

// The body size of `kind`, or 0 for a kind this version does not know.
constexpr size_t body_size(RecordKind kind) {
  switch (kind) {
    case RecordKind::stream_hello:
      return sizeof(StreamHello);
    case RecordKind::trap:
      return sizeof(TrapRecord);
    case RecordKind::mode_change:
      return sizeof(ModeChangeRecord);
    case RecordKind::csr_write:
      return sizeof(CsrWriteRecord);
    case RecordKind::page_table_diff:
      return sizeof(PageTableDiffRecord);
    case RecordKind::memory_region:
      return sizeof(MemoryRegionRecord);
    case RecordKind::vcpu_lifecycle:
      return sizeof(LifecycleRecord);
    case RecordKind::gdb_state:
      return sizeof(GdbStateRecord);
    case RecordKind::drop_count:
      return sizeof(DropCountRecord);
    case RecordKind::vcpu_state:
      return sizeof(VcpuStateRecord);
    case RecordKind::translation:
      return sizeof(TranslationRecord);
    case RecordKind::page_table_entry:
      return sizeof(PageTableEntryRecord);
    case RecordKind::reply_end:
      return sizeof(ReplyEndRecord);
    case RecordKind::set_filter:
      return sizeof(SetFilterCommand);
    case RecordKind::request_vcpu_state:
      return sizeof(RequestVcpuStateCommand);
    case RecordKind::request_page_table:
      return sizeof(RequestPageTableCommand);
    case RecordKind::request_memory_map:
      return sizeof(RequestMemoryMapCommand);
    case RecordKind::request_translation:
      return sizeof(RequestTranslationCommand);
  }
  return 0;
}

// The filter class of an event kind; 0 = always passes (hello, drops, replies).
constexpr uint32_t event_class_of(RecordKind kind, PageTableKind table = PageTableKind::guest) {
  switch (kind) {
    case RecordKind::trap:
      return event_class::trap;
    case RecordKind::mode_change:
      return event_class::mode_change;
    case RecordKind::csr_write:
      return event_class::csr_write;
    case RecordKind::page_table_diff:
      return table == PageTableKind::guest ? event_class::guest_page_table
                                           : event_class::shadow_page_table;
    case RecordKind::memory_region:
      return event_class::memory_map;
    case RecordKind::vcpu_lifecycle:
      return event_class::lifecycle;
    case RecordKind::gdb_state:
      return event_class::gdb;
    default:
      return 0;
  }
}

}  // namespace gh::events
