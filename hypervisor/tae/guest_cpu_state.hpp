// The guest's integer registers and pc as saved at a VM exit. The hypervisor's trap
// frame starts with this struct, so the trampoline fills it directly.
#pragma once

#include <cstddef>
#include <cstdint>

#include "vcpu/virtual_hart.hpp"

namespace gh::tae {

struct GuestCpuState {
  vcpu::GuestRegisters x{};  // x0 is never written
  uint64_t pc = 0;
};
static_assert(sizeof(GuestCpuState) == 33 * 8);
static_assert(offsetof(GuestCpuState, pc) == 32 * 8);

// Register numbers by ABI name, for handlers that read arguments.
namespace reg {
constexpr unsigned ra = 1, sp = 2, a0 = 10, a1 = 11, a2 = 12, a3 = 13, a4 = 14, a5 = 15, a6 = 16,
                   a7 = 17;
}

}  // namespace gh::tae
