// The VM as the bare-metal hypervisor holds it: guest RAM in host memory, the
// trap-and-emulate VirtualMachine, and per vCPU its trap frame, shadow page pool and
// TaeVcpu, each vCPU running on its own host hart.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/guest_config.hpp"
#include "mmu/page_allocator.hpp"
#include "tae/guest_platform.hpp"
#include "tae/tae_vcpu.hpp"
#include "tae/virtual_machine.hpp"
#include "vmm/trap_frame.h"

namespace gh::vmm {

// Guest-physical RAM: [gpa_base, gpa_base + size) lives at host-physical hpa_base.
struct GuestRam {
  static constexpr uint64_t gpa_base = 0x80000000;
  uint64_t hpa_base = 0;
  uint64_t size = 0;

  bool contains(uint64_t gpa, uint64_t length) const {
    return gpa >= gpa_base && length <= size && gpa - gpa_base <= size - length;
  }
  // Host pointer for guest bytes; callers check contains() first.
  uint8_t* host(uint64_t gpa) const {
    return reinterpret_cast<uint8_t*>(hpa_base + (gpa - gpa_base));
  }
};

// The trap frame: the guest's registers and pc first (filled by the trampoline), then
// what the trampoline needs to reach the hypervisor.
struct TrapFrame {
  tae::GuestCpuState guest;
  uint64_t vmm_satp;
  uint64_t vmm_sp;
  uint64_t vmm_tp;
  uint64_t vmm_handler;
  uint64_t vmm_stvec;
  uint64_t self;
  uint64_t guest_stvec;
  tae::FastExitState fast;
};
static_assert(offsetof(TrapFrame, guest) + offsetof(tae::GuestCpuState, x) == GH_FRAME_X(0));
static_assert(offsetof(TrapFrame, guest) + offsetof(tae::GuestCpuState, pc) == GH_FRAME_PC);
static_assert(offsetof(TrapFrame, vmm_satp) == GH_FRAME_VMM_SATP);
static_assert(offsetof(TrapFrame, vmm_sp) == GH_FRAME_VMM_SP);
static_assert(offsetof(TrapFrame, vmm_tp) == GH_FRAME_VMM_TP);
static_assert(offsetof(TrapFrame, vmm_handler) == GH_FRAME_VMM_HANDLER);
static_assert(offsetof(TrapFrame, vmm_stvec) == GH_FRAME_VMM_STVEC);
static_assert(offsetof(TrapFrame, self) == GH_FRAME_SELF);
static_assert(offsetof(TrapFrame, guest_stvec) == GH_FRAME_GUEST_STVEC);
static_assert(offsetof(TrapFrame, fast) + offsetof(tae::FastExitState, enabled) ==
              GH_FRAME_FAST_ENABLED);
static_assert(offsetof(TrapFrame, fast) + offsetof(tae::FastExitState, sstatus) ==
              GH_FRAME_FAST_SSTATUS);
static_assert(offsetof(TrapFrame, fast) + offsetof(tae::FastExitState, interrupt_pending) ==
              GH_FRAME_FAST_PENDING);
static_assert(offsetof(TrapFrame, fast) + offsetof(tae::FastExitState, exits) ==
              GH_FRAME_FAST_EXITS);
static_assert(sizeof(TrapFrame) == GH_FRAME_SIZE);
static_assert(GH_FRAME_SIZE + 1024 <= GH_FRAME_FAST_STACK_TOP);  // room for the fast stack

// What one host hart keeps for the vCPU it runs.
struct Vcpu {
  uint32_t index = 0;
  uint64_t host_hartid = 0;
  TrapFrame* frame = nullptr;
  mmu::FixedPagePool* shadow_pages = nullptr;
  tae::TaeVcpu* tae = nullptr;
  uint64_t programmed_timer = ~0ull;  // the host timer value last set for this vCPU
};

struct Vm {
  core::GuestConfig config;
  GuestRam ram;
  uint64_t entry = 0;
  uint64_t fdt_gpa = 0;  // the device tree handed to an S-mode guest in a1 (0: none)
  uint64_t vmm_satp = 0;
  mmu::PagingMode shadow_mode = mmu::PagingMode::sv39;  // Sv48 when the host has it
  uint64_t timebase_hz = 10'000'000;                    // the platform timer's rate
  tae::VirtualMachine* machine = nullptr;
  tae::GuestPlatform* devices = nullptr;
  Vcpu vcpus[core::GuestConfig::max_vcpus];
};

Vm& the_vm();

// Where an S-mode guest's raw image goes (as under OpenSBI); M-mode images go to RAM base.
constexpr uint64_t supervisor_load_address = 0x80200000;

}  // namespace gh::vmm
