// The SBI the hypervisor offers to guests booted in S-mode: it is their firmware.
// One file per extension; this is the dispatcher's interface.
#pragma once

#include <cstdint>

#include "tae/exit_action.hpp"

namespace gh::tae {
class TaeVcpu;
}

namespace gh::tae::sbi {

struct SbiCall {
  uint64_t extension = 0;  // a7
  uint64_t function = 0;   // a6
  uint64_t args[6] = {};   // a0..a5
};

struct SbiResult {
  int64_t error = 0;
  uint64_t value = 0;
  bool legacy = false;  // legacy extensions return only a0 (= error slot)
  ExitAction action = ExitAction::resume();
};

// Handles the guest's ecall (the pc still points at it): sets a0/a1 and moves past it.
ExitAction handle_call(TaeVcpu& vcpu);

// Extensions (each in its own file).
bool is_available(uint64_t extension);
SbiResult base(TaeVcpu& vcpu, const SbiCall& call);
SbiResult debug_console(TaeVcpu& vcpu, const SbiCall& call);
SbiResult legacy(TaeVcpu& vcpu, const SbiCall& call);
SbiResult system_reset(TaeVcpu& vcpu, const SbiCall& call);
SbiResult timer(TaeVcpu& vcpu, const SbiCall& call);
SbiResult ipi(TaeVcpu& vcpu, const SbiCall& call);
SbiResult remote_fence(TaeVcpu& vcpu, const SbiCall& call);
SbiResult hart_state(TaeVcpu& vcpu, const SbiCall& call);

// Shared by IPI and RFENCE: posts `request` to every vCPU in (mask, base) and kicks it.
// Returns an SBI error code.
int64_t post_to_harts(TaeVcpu& vcpu, uint64_t hart_mask, uint64_t hart_mask_base, uint32_t request);

}  // namespace gh::tae::sbi
