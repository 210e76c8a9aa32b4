// What the trap-and-emulate core asks of the vCPU loop after handling one VM exit. The
// guest's pc and registers are already updated when an action comes back.
#pragma once

#include <cstdint>

namespace gh::tae {

struct ExitAction {
  enum class Kind : uint8_t {
    resume,     // enter the guest again
    idle,       // the vCPU waits (wfi, or stopped by HSM) until woken
    power_off,  // the guest asked the machine to power off with `code` (0 = pass)
    reset,      // the guest asked for a reset
    stop,       // the hypervisor cannot go on: report `reason` and stop the guest
  };
  Kind kind = Kind::resume;
  uint32_t code = 0;
  const char* reason = "";

  static constexpr ExitAction resume() { return {}; }
  static constexpr ExitAction idle() { return {Kind::idle, 0, ""}; }
  static constexpr ExitAction power_off(uint32_t code) { return {Kind::power_off, code, ""}; }
  static constexpr ExitAction reset() { return {Kind::reset, 0, ""}; }
  static constexpr ExitAction stop(const char* reason) { return {Kind::stop, 0, reason}; }
};

}  // namespace gh::tae
