// The service hart: the host hart that runs no vCPU. It pumps the event stream from the
// vCPUs' rings to the event channel and answers the host's commands there, sleeping on
// the host timer when there is nothing to move, so it costs the guest little.
#pragma once

#include <span>

#include "vmm/vm.hpp"

namespace gh::vmm {

// Creates the event streams (one per vCPU and one for the VM) and attaches them; emits
// the stream hello and the memory map. Call before the vCPUs start.
// `service_hartid` is the host hart that will run run_service_hart().
void init_event_streams(Vm& vm, uint64_t timebase_hz, uint64_t service_hartid);

// Sends the event stream through a shared-memory ring laid out in `memory` instead of
// the UART (false: too small). Call before init_event_streams.
bool use_shared_event_ring(std::span<uint8_t> memory);

[[noreturn]] void run_service_hart(Vm& vm);

// Ends the run with `code` once the event stream has reached the host: the service hart
// drains every ring, then powers off. Without a service hart, powers off at once.
[[noreturn]] void power_off_after_events(uint32_t code);

}  // namespace gh::vmm
