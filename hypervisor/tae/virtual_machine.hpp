// One VM under trap-and-emulate: its guest memory map (RAM and device regions), its
// device models, its vCPUs and the machine hooks. Shared by every vCPU of the VM.
#pragma once

#include <array>
#include <cstdint>

#include "core/guest_config.hpp"
#include "core/spin_lock.hpp"
#include "devices/mmio_device.hpp"
#include "mmu/guest_memory_map.hpp"
#include "mmu/guest_physical_memory.hpp"
#include "tae/guest_ram.hpp"
#include "tae/host_hooks.hpp"

namespace gh::tae {

class TaeVcpu;

enum class PowerRequest : uint8_t { none, power_off, reset };

class VirtualMachine {
 public:
  static constexpr uint32_t max_vcpus = core::GuestConfig::max_vcpus;
  static constexpr uint32_t max_devices = 16;

  VirtualMachine(const core::GuestConfig& config, mmu::HostMemory& host, HostHooks& hooks)
      : config_(config), host_(host), hooks_(hooks), walker_memory_(map_, host), ram_(map_, host) {}

  const core::GuestConfig& config() const { return config_; }
  HostHooks& hooks() { return hooks_; }
  mmu::HostMemory& host_memory() { return host_; }
  const mmu::GuestMemoryMap& memory_map() const { return map_; }
  mmu::GuestPhysicalMemory& walker_memory() { return walker_memory_; }
  GuestRam& ram() { return ram_; }

  mmu::MapStatus add_ram(uint64_t gpa, uint64_t size, uint64_t hpa) {
    return map_.add_ram(gpa, size, hpa);
  }
  // Routes [gpa, gpa+size) to `device` under `id` (several regions may share a device
  // and its id). False when the id is taken by another device, or the region overlaps.
  bool add_device(uint64_t gpa, uint64_t size, devices::MmioDevice& device, mmu::DeviceId id);
  devices::MmioDevice* device(mmu::DeviceId id) const;
  // Device models are single-threaded: every access goes through this lock.
  core::SpinLock& device_lock() { return device_lock_; }

  // A device (the finisher) asked for the machine to end; the vCPU whose access did it
  // takes the request and ends the run.
  void post_power_request(PowerRequest request, uint32_t code) {
    __atomic_store_n(&power_code_, code, __ATOMIC_RELAXED);
    __atomic_store_n(&power_request_, static_cast<uint32_t>(request), __ATOMIC_RELEASE);
  }
  PowerRequest take_power_request(uint32_t& code) {
    auto request = static_cast<PowerRequest>(
        __atomic_exchange_n(&power_request_, uint32_t{0}, __ATOMIC_ACQ_REL));
    code = __atomic_load_n(&power_code_, __ATOMIC_RELAXED);
    return request;
  }

  void attach_vcpu(TaeVcpu& vcpu);
  uint32_t vcpu_count() const { return vcpu_count_; }
  TaeVcpu& vcpu(uint32_t index) { return *vcpus_[index]; }

 private:
  core::GuestConfig config_;
  mmu::HostMemory& host_;
  HostHooks& hooks_;
  mmu::GuestMemoryMap map_;
  mmu::MappedGuestMemory walker_memory_;
  GuestRam ram_;
  std::array<devices::MmioDevice*, max_devices> devices_{};
  core::SpinLock device_lock_;
  uint32_t power_request_ = 0;  // a PowerRequest (word-sized: rv64 has no byte atomics)
  uint32_t power_code_ = 0;
  std::array<TaeVcpu*, max_vcpus> vcpus_{};
  uint32_t vcpu_count_ = 0;
};

}  // namespace gh::tae
