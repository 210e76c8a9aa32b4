// What handling one VM exit decided. Handlers return this; only the vCPU loop touches
// the guest's pc.
#pragma once

#include <cstdint>

namespace gh::vmm {

struct TrapOutcome {
  enum class Kind : uint8_t {
    advance,   // the trapping instruction is done: pc += its length
    resume,    // re-run at the same pc (e.g. after mapping a page)
    stop,      // the hypervisor cannot go on: print the diagnostic and stop the guest
    power_off  // the guest asked to power off with `code`
  };
  Kind kind = Kind::stop;
  uint32_t code = 0;
  const char* reason = "";

  static TrapOutcome advance() { return {Kind::advance, 0, ""}; }
  static TrapOutcome resume() { return {Kind::resume, 0, ""}; }
  static TrapOutcome stop(const char* reason) { return {Kind::stop, 0, reason}; }
  static TrapOutcome power_off(uint32_t code) { return {Kind::power_off, code, ""}; }
};

}  // namespace gh::vmm
