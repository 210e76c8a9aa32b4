// How the launcher describes the guest to the hypervisor: words in /chosen/bootargs,
//   gh.smp=N gh.mem=MIB gh.boot=m|s gh.backend=tae|hext gh.wait_gdb=0|1 gh.stats=0|1
//   gh.disk_base=BYTES gh.disk_size=BYTES   (a disk image the launcher placed in host RAM)
//   gh.disk_pci=SLOT gh.disk_size=BYTES     (the disk image file itself, shared through
//                                            QEMU's ivshmem-plain in PCI slot SLOT)
//   gh.events_pci=SLOT                       (the event stream's shared-memory ring, an
//                                            ivshmem-plain in PCI slot SLOT)
//   gh.events=0|1                            (emit the event stream)
//   gh.mmu=39|48                             (the largest paging mode the guest gets)
//   gh.gdb=uart|virtio                       (the gdb channel: port 0 of the pci-serial-2x,
//                                            or a virtio console on virtio-mmio)
// Unknown words are an error, so a typo never goes unnoticed.
#pragma once

#include <cstdint>
#include <string_view>

namespace gh::core {

enum class BootStyle : uint8_t {
  machine,     // like `qemu -bios none`: every vCPU starts at the entry in virtual M-mode
  supervisor,  // like Linux under OpenSBI: vCPU 0 in virtual S-mode, the hypervisor is the SBI
};

enum class Backend : uint8_t { trap_and_emulate, h_extension };

enum class GdbTransport : uint8_t { uart, virtio_console };

struct GuestConfig {
  static constexpr uint32_t max_vcpus = 16;
  uint32_t vcpus = 1;
  uint64_t memory_bytes = 128ull << 20;
  BootStyle boot = BootStyle::supervisor;
  Backend backend = Backend::trap_and_emulate;
  uint64_t disk_base = 0;  // host-physical address of the disk image (0: no disk)
  uint64_t disk_size = 0;
  uint32_t disk_pci_slot = 0;    // the image is an ivshmem-plain BAR in this slot (0: not)
  uint32_t events_pci_slot = 0;  // the event ring is an ivshmem-plain BAR in this slot (0: UART)
  bool events = false;           // emit the event stream (costs the guest time on every exit)
  bool sv48 = true;              // offer Sv48 (shadows in Sv48: slower than Sv39 shadows)
  GdbTransport gdb_transport = GdbTransport::uart;
  bool wait_gdb = false;  // every vCPU waits before its first instruction until gdb resumes it
  bool stats = false;     // print per-vCPU exit and shadow counters when the guest powers off
};

// Parses bootargs. On error returns false and sets `bad_word` to the offending word.
bool parse_guest_config(std::string_view bootargs, GuestConfig& config, std::string_view& bad_word);

}  // namespace gh::core
