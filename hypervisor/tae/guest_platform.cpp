#include "tae/guest_platform.hpp"

#include "devices/virt_platform.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::tae {

namespace virt = devices::virt;

GuestPlatform::GuestPlatform(VirtualMachine& vm, std::span<uint8_t> disk)
    : vm_(vm),
      has_disk_(!disk.empty()),
      plic_(*this),
      clint_(*this),
      finisher_(*this),
      uart_(*this, plic_.line(virt::uart0_irq)),
      dma_(vm.memory_map(), vm.host_memory()),
      disk_backend_(disk),
      disk_(disk_backend_, dma_),
      disk_slot_(devices::VirtioMmioVersion::modern, disk_, dma_,
                 plic_.line(virt::virtio_slot_irq(0))) {}

bool GuestPlatform::attach() {
  using Id = virt::DeviceId;
  const auto add = [this](uint64_t gpa, uint64_t size, devices::MmioDevice& device, Id id) {
    return vm_.add_device(gpa, size, device, static_cast<mmu::DeviceId>(id));
  };
  bool ok = add(virt::test_base, virt::test_size, finisher_, Id::finisher) &&
            add(virt::clint_base, virt::clint_size, clint_, Id::clint) &&
            add(virt::plic_base, virt::plic_size, plic_, Id::plic) &&
            add(virt::uart0_base, 0x1000, uart_, Id::uart0) &&
            add(virt::pcie_pio_base, virt::pcie_pio_size, pcie_pio_, Id::pcie_pio);
  // Every virtio-mmio slot answers as on QEMU: the disk in slot 0, the others empty.
  for (uint32_t slot = 0; ok && slot < virt::virtio_slots; ++slot) {
    const bool disk = has_disk_ && slot == 0;
    ok = disk ? add(virt::virtio_slot_base(slot), virt::virtio_stride, disk_slot_, Id::virtio_disk)
              : add(virt::virtio_slot_base(slot), virt::virtio_stride, empty_slot_,
                    Id::virtio_empty);
  }
  return ok;
}

size_t GuestPlatform::receive_console(std::span<const uint8_t> bytes) {
  core::LockGuard guard(vm_.device_lock());
  return uart_.receive(bytes);
}

void GuestPlatform::notify(uint32_t hart, uint32_t request) {
  if (hart >= vm_.vcpu_count()) return;
  vm_.vcpu(hart).mailbox().post(request);
  vm_.hooks().kick(hart);
}

void GuestPlatform::set_software_interrupt(uint32_t hart, bool pending) {
  notify(hart, pending ? VcpuMailbox::raise_machine_software : VcpuMailbox::lower_machine_software);
}

void GuestPlatform::set_timer_compare(uint32_t hart, uint64_t value) {
  if (hart >= vm_.vcpu_count()) return;
  vm_.vcpu(hart).mailbox().set_timer_compare(value);
  notify(hart, VcpuMailbox::timer_compare_changed);
}

void GuestPlatform::set_external_interrupt(uint32_t hart, riscv::Privilege level, bool pending) {
  if (hart >= vm_.vcpu_count()) return;
  uint32_t bit = level == riscv::Privilege::machine ? 1u : 2u;
  uint32_t& levels = external_levels_[hart];
  levels = pending ? (levels | bit) : (levels & ~bit);
  vm_.vcpu(hart).mailbox().set_external_levels(levels);
  notify(hart, VcpuMailbox::external_changed);
}

void GuestPlatform::finish(devices::FinisherRequest request, uint16_t code) {
  switch (request) {
    case devices::FinisherRequest::pass:
      vm_.post_power_request(PowerRequest::power_off, 0);
      break;
    case devices::FinisherRequest::fail:
      vm_.post_power_request(PowerRequest::power_off, code);
      break;
    case devices::FinisherRequest::reset:
      vm_.post_power_request(PowerRequest::reset, 0);
      break;
  }
}

}  // namespace gh::tae
