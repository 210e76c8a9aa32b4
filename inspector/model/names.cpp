#include "names.hpp"

#include <cstdio>

#include "mmu/walk_rule.hpp"
#include "riscv/csr.hpp"
#include "riscv/trap_names.hpp"

namespace gh::model {

using events::RecordKind;

const char* record_kind_name(RecordKind kind) {
  switch (kind) {
    case RecordKind::stream_hello:
      return "hello";
    case RecordKind::trap:
      return "trap";
    case RecordKind::mode_change:
      return "mode_change";
    case RecordKind::csr_write:
      return "csr_write";
    case RecordKind::page_table_diff:
      return "page_table_diff";
    case RecordKind::memory_region:
      return "memory_region";
    case RecordKind::vcpu_lifecycle:
      return "vcpu_lifecycle";
    case RecordKind::gdb_state:
      return "gdb";
    case RecordKind::drop_count:
      return "drop_count";
    case RecordKind::vcpu_state:
      return "vcpu_state";
    case RecordKind::translation:
      return "translation";
    case RecordKind::page_table_entry:
      return "page_table_entry";
    case RecordKind::reply_end:
      return "reply_end";
    case RecordKind::set_filter:
      return "set_filter";
    case RecordKind::request_vcpu_state:
      return "request_vcpu_state";
    case RecordKind::request_page_table:
      return "request_page_table";
    case RecordKind::request_memory_map:
      return "request_memory_map";
    case RecordKind::request_translation:
      return "request_translation";
  }
  return "unknown";
}

const char* mode_letter(events::VirtualMode mode) {
  switch (mode) {
    case events::VirtualMode::user:
      return "U";
    case events::VirtualMode::supervisor:
      return "S";
    case events::VirtualMode::machine:
      return "M";
    case events::VirtualMode::virtual_user:
      return "VU";
    case events::VirtualMode::virtual_supervisor:
      return "VS";
  }
  return "?";
}

const char* handled_by_name(events::HandledBy handled_by) {
  switch (handled_by) {
    case events::HandledBy::emulated:
      return "emulated";
    case events::HandledBy::reflected:
      return "reflected";
    case events::HandledBy::sbi:
      return "sbi";
    case events::HandledBy::mmio:
      return "mmio";
    case events::HandledBy::gdb:
      return "gdb";
    case events::HandledBy::shadow_fill:
      return "shadow-fill";
    case events::HandledBy::stopped:
      return "stopped";
  }
  return "?";
}

const char* table_name(events::PageTableKind table) {
  switch (table) {
    case events::PageTableKind::guest:
      return "guest";
    case events::PageTableKind::shadow:
      return "shadow";
    case events::PageTableKind::g_stage:
      return "g-stage";
  }
  return "?";
}

const char* region_name(events::RegionKind region) {
  switch (region) {
    case events::RegionKind::hole:
      return "hole";
    case events::RegionKind::ram:
      return "ram";
    case events::RegionKind::mmio:
      return "mmio";
  }
  return "?";
}

const char* lifecycle_name(events::LifecycleState state) {
  switch (state) {
    case events::LifecycleState::created:
      return "created";
    case events::LifecycleState::started:
      return "started";
    case events::LifecycleState::waiting:
      return "wfi";
    case events::LifecycleState::woke:
      return "woke";
    case events::LifecycleState::stopped:
      return "stopped";
    case events::LifecycleState::halted:
      return "halted";
  }
  return "?";
}

const char* gdb_action_name(events::GdbAction action) {
  switch (action) {
    case events::GdbAction::stop:
      return "stop";
    case events::GdbAction::resume:
      return "resume";
    case events::GdbAction::step:
      return "step";
  }
  return "?";
}

const char* gdb_reason_name(events::GdbStopReason reason) {
  switch (reason) {
    case events::GdbStopReason::none:
      return "none";
    case events::GdbStopReason::breakpoint:
      return "breakpoint";
    case events::GdbStopReason::watchpoint:
      return "watchpoint";
    case events::GdbStopReason::step_done:
      return "step done";
    case events::GdbStopReason::interrupted:
      return "interrupted";
    case events::GdbStopReason::attached:
      return "attached";
  }
  return "?";
}

const char* access_name(events::AccessKind access) {
  switch (access) {
    case events::AccessKind::fetch:
      return "fetch";
    case events::AccessKind::load:
      return "load";
    case events::AccessKind::store:
      return "store";
  }
  return "?";
}

const char* walk_outcome_name(events::WalkOutcome outcome) {
  switch (outcome) {
    case events::WalkOutcome::translated:
      return "translated";
    case events::WalkOutcome::page_fault:
      return "page fault";
    case events::WalkOutcome::access_fault:
      return "access fault";
  }
  return "?";
}

const char* walk_rule_text(uint8_t rule) {
  return mmu::walk_rule_name(static_cast<mmu::WalkRule>(rule));
}

const char* reply_status_name(events::ReplyStatus status) {
  switch (status) {
    case events::ReplyStatus::ok:
      return "ok";
    case events::ReplyStatus::unknown_vcpu:
      return "unknown vcpu";
    case events::ReplyStatus::bad_request:
      return "bad request";
    case events::ReplyStatus::truncated:
      return "truncated";
    case events::ReplyStatus::not_supported:
      return "not supported";
  }
  return "?";
}

std::string csr_name(uint16_t csr) {
  using riscv::Csr;
  switch (static_cast<Csr>(csr)) {
    case Csr::satp:
      return "satp";
    case Csr::sstatus:
      return "sstatus";
    case Csr::stvec:
      return "stvec";
    case Csr::sepc:
      return "sepc";
    case Csr::scause:
      return "scause";
    case Csr::stval:
      return "stval";
    case Csr::sie:
      return "sie";
    case Csr::sip:
      return "sip";
    case Csr::sscratch:
      return "sscratch";
    case Csr::stimecmp:
      return "stimecmp";
    case Csr::mstatus:
      return "mstatus";
    case Csr::medeleg:
      return "medeleg";
    case Csr::mideleg:
      return "mideleg";
    case Csr::mie:
      return "mie";
    case Csr::mip:
      return "mip";
    case Csr::mtvec:
      return "mtvec";
    case Csr::mepc:
      return "mepc";
    case Csr::mcause:
      return "mcause";
    case Csr::mtval:
      return "mtval";
    case Csr::mscratch:
      return "mscratch";
    case Csr::menvcfg:
      return "menvcfg";
    case Csr::mcounteren:
      return "mcounteren";
    case Csr::pmpcfg0:
      return "pmpcfg0";
    case Csr::pmpaddr0:
      return "pmpaddr0";
    case Csr::vsatp:
      return "vsatp";
    case Csr::hgatp:
      return "hgatp";
    default:
      break;
  }
  char text[16];
  std::snprintf(text, sizeof text, "csr0x%03x", csr);
  return text;
}

std::string cause_text(uint64_t cause) { return riscv::cause_name(cause); }

std::string pte_flags(uint64_t pte) {
  static constexpr const char* names[] = {"V", "R", "W", "X", "U", "G", "A", "D"};
  std::string flags;
  for (int bit = 0; bit < 8; ++bit) {
    if (!((pte >> bit) & 1)) continue;
    if (!flags.empty()) flags += ' ';
    flags += names[bit];
  }
  return flags.empty() ? "-" : flags;
}

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace gh::model
