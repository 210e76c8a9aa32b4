#include "tae/virtual_machine.hpp"

namespace gh::tae {

bool VirtualMachine::add_device(uint64_t gpa, uint64_t size, devices::MmioDevice& device) {
  if (device_count_ == max_devices) return false;
  auto id = static_cast<mmu::DeviceId>(device_count_);
  if (map_.add_mmio(gpa, size, id) != mmu::MapStatus::ok) return false;
  devices_[device_count_++] = &device;
  return true;
}

devices::MmioDevice* VirtualMachine::device(mmu::DeviceId id) const {
  return id < device_count_ ? devices_[id] : nullptr;
}

void VirtualMachine::attach_vcpu(TaeVcpu& vcpu) {
  if (vcpu_count_ < max_vcpus) vcpus_[vcpu_count_++] = &vcpu;
}

}  // namespace gh::tae
