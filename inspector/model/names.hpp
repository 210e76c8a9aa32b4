// Human-readable names of the wire format's values, shared by text, JSON and CTF output.
#pragma once

#include <cstdint>
#include <string>

#include "events/wire_format.hpp"

namespace gh::model {

const char* record_kind_name(events::RecordKind kind);  // "trap", "csr_write", ...
const char* mode_letter(events::VirtualMode mode);      // "U", "S", "M", "VU", "VS"
const char* handled_by_name(events::HandledBy handled_by);
const char* table_name(events::PageTableKind table);  // "guest", "shadow", "g-stage"
const char* region_name(events::RegionKind region);
const char* lifecycle_name(events::LifecycleState state);
const char* gdb_action_name(events::GdbAction action);
const char* gdb_reason_name(events::GdbStopReason reason);
const char* access_name(events::AccessKind access);
const char* walk_outcome_name(events::WalkOutcome outcome);
const char* walk_rule_text(uint8_t rule);  // mmu::WalkRule in words
const char* reply_status_name(events::ReplyStatus status);
std::string csr_name(uint16_t csr);      // "satp", or "csr0x7c0"
std::string cause_text(uint64_t cause);  // "illegal instruction"
std::string pte_flags(uint64_t pte);     // "V R W X U G A D" (present bits only), "-" if none
std::string hex(uint64_t value);         // "0x80200010"

}  // namespace gh::model
