#include "tae/virtual_machine.hpp"

namespace gh::tae {

bool VirtualMachine::add_device(uint64_t gpa, uint64_t size, devices::MmioDevice& device,
                                mmu::DeviceId id) {
  if (id >= max_devices || (devices_[id] != nullptr && devices_[id] != &device)) return false;
  if (map_.add_mmio(gpa, size, id) != mmu::MapStatus::ok) return false;
  devices_[id] = &device;
  return true;
}

devices::MmioDevice* VirtualMachine::device(mmu::DeviceId id) const {
  return id < max_devices ? devices_[id] : nullptr;
}

void VirtualMachine::attach_vcpu(TaeVcpu& vcpu) {
  if (vcpu_count_ < max_vcpus) vcpus_[vcpu_count_++] = &vcpu;
}

}  // namespace gh::tae
