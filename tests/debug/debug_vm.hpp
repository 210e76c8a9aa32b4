// A one-vCPU trap-and-emulate VM in host memory for the debugger's tests: guest RAM at
// gpa 0x8000_0000 (4 MiB), a device at 0x1000_0000, a VmDebugTarget attached.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "../mmu/fake_machine.hpp"
#include "debug/vm_debug_target.hpp"
#include "devices/mmio_device.hpp"
#include "mmu/page_allocator.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::debug::test {

constexpr uint64_t ram_gpa = mmu::test::guest_ram_gpa;
constexpr uint64_t device_gpa = 0x1000'0000;
constexpr uint64_t entry = 0x8000'2000;

class FakeHooks final : public tae::HostHooks {
 public:
  uint64_t time() const override { return 1000; }
  uint64_t timebase_hz() const override { return 10'000'000; }
  void console_write(char) override {}
  std::optional<uint8_t> console_read() override { return std::nullopt; }
  void kick(uint32_t index) override { kicks.push_back(index); }
  std::vector<uint32_t> kicks;
};

class FakeDevice final : public devices::MmioDevice {
 public:
  std::optional<uint64_t> read(uint64_t, unsigned) override { return 0x55; }
  bool write(uint64_t, unsigned, uint64_t) override { return true; }
};

struct DebugVm {
  explicit DebugVm(bool hold_at_start = true);

  // Guest RAM access behind the debugger's back (what the guest itself would see).
  uint32_t ram32(uint64_t gpa);
  void put32(uint64_t gpa, uint32_t value);
  void put16(uint64_t gpa, uint16_t value);
  // An Sv39 gigapage: gva 0x4000_0000.. -> gpa 0x8000_0000.., set in satp, vCPU in S-mode.
  void map_gigapage_at_1gib();
  // The leaf PTE the shadow the vCPU runs on (its host satp) has for `va` (0: none).
  uint64_t shadow_leaf(uint64_t va);
  // 4 bytes of host memory (the hypervisor's own pages).
  uint32_t host32(uint64_t hpa);
  // An Sv39 gigapage gva 0x4000_0000.. -> gpa 0x8000_0000.. with `flags` (V added).
  void map_gigapage_at_1gib_with(uint64_t flags);
  // gdb resumes the vCPU (continue, or its own single step), and it runs again.
  void resume(gdbstub::ResumeKind kind = gdbstub::ResumeKind::resume);
  // The vCPU's first look at its mailbox and the debugger (as the vCPU loop does).
  tae::ExitAction first_poll() { return vcpu.poll_idle(); }
  // Runs until the target reports the stop the vCPU parked with.
  std::optional<gdbstub::StopEvent> poll() { return target.poll(); }

  bool host_cleared;  // first: the shared fake host memory is zeroed before anything uses it
  mmu::test::ArrayHostMemory host;
  FakeHooks hooks;
  core::GuestConfig config;
  tae::VirtualMachine vm;
  FakeDevice device;
  mmu::FixedPagePool pages;
  tae::GuestCpuState state;
  tae::TaeVcpu vcpu;
  VmDebugTarget target;
};

}  // namespace gh::debug::test
