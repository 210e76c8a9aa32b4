#include "vmm/channels.hpp"

#include "vmm/pci.hpp"

namespace gh::vmm {
namespace {
// QEMU's pci-serial-2x: Red Hat, Inc. vendor id, "PCI 2x serial" device id.
constexpr uint16_t vendor_redhat = 0x1B36;
constexpr uint16_t device_pci_serial_2x = 0x0003;
constexpr uint64_t port_stride = 8;
}  // namespace

Channels& channels() {
  static Channels instance;
  return instance;
}

Channels bring_up_channels(const core::HostPlatform& platform) {
  Channels result;
  PciBus& bus = machine_pci_bus(platform);
  auto fn = bus.find(vendor_redhat, device_pci_serial_2x);
  if (!fn) return result;
  auto base = bus.assign_io_bar(*fn, 0);
  if (!base) return result;
  result.gdb = Uart16550(*base, 0);
  result.events = Uart16550(*base + port_stride, 0);
  result.gdb.init();
  result.events.init();
  return result;
}

}  // namespace gh::vmm
