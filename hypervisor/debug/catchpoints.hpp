// Catchpoints on guest events: a trap the guest takes (by cause), a satp write, a change
// of virtual mode, an SBI call. Checked on the vCPU's hart after each exception exit
// (tae::DebugHook::exit_handled); a hit stops the vCPU right after the event, and
// `monitor why` says what it was. Set from the service hart while the guest is stopped.
#pragma once

#include <cstdint>
#include <optional>

#include "core/text.hpp"
#include "tae/debug_hook.hpp"

namespace gh::debug {

enum class CatchKind : uint8_t { none, trap, satp_write, mode_change, sbi_call };

struct CatchHit {
  CatchKind kind = CatchKind::none;
  uint64_t pc = 0;      // where the guest was when it happened
  uint64_t before = 0;  // trap: cause; satp/mode: old value; SBI: extension
  uint64_t after = 0;   // trap: tval; satp/mode: new value; SBI: function
};

class Catchpoints {
 public:
  void catch_trap(unsigned cause) { trap_causes_ |= 1ull << (cause & 63); }
  void catch_satp_writes() { satp_writes_ = true; }
  void catch_mode_changes() { mode_changes_ = true; }
  void catch_sbi_calls() { sbi_calls_ = true; }
  void clear() { *this = {}; }
  bool any() const { return trap_causes_ != 0 || satp_writes_ || mode_changes_ || sbi_calls_; }

  std::optional<CatchHit> check(tae::TaeVcpu& vcpu, const tae::HandledExit& exit) const;
  void list(core::Writer& out) const;
  static void describe(const CatchHit& hit, core::Writer& out);

 private:
  uint64_t trap_causes_ = 0;
  bool satp_writes_ = false;
  bool mode_changes_ = false;
  bool sbi_calls_ = false;
};

}  // namespace gh::debug
