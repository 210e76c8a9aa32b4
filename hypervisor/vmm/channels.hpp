// The two host channels: the ports of QEMU's pci-serial-2x. Port 0 carries the gdb
// remote protocol, port 1 the event stream (see BRIEF.md, "Channels").
#pragma once

#include "core/host_platform.hpp"
#include "vmm/uart16550.hpp"

namespace gh::vmm {

struct Channels {
  Uart16550 gdb;
  Uart16550 events;
  bool present() const { return gdb.present() && events.present(); }
};

// Finds and enables the pci-serial-2x; the channels stay absent when there is none.
Channels bring_up_channels(const core::HostPlatform& platform);

Channels& channels();

}  // namespace gh::vmm
