// The devices a guest finds on its virtual `virt` machine, at QEMU's addresses: CLINT,
// PLIC, the ns16550a console UART, the sifive_test finisher and a virtio-blk disk in
// virtio-mmio slot 0. It wires the device models (devices/) to the vCPUs: interrupt and
// timer changes become requests in the target vCPU's mailbox, the finisher becomes a
// power request, the UART's output goes to the console.
#pragma once

#include <cstdint>
#include <span>

#include "devices/clint.hpp"
#include "devices/empty_pcie_io.hpp"
#include "devices/empty_virtio_slot.hpp"
#include "devices/guest_dma.hpp"
#include "devices/memory_block_backend.hpp"
#include "devices/ns16550a.hpp"
#include "devices/plic.hpp"
#include "devices/sifive_test.hpp"
#include "devices/virtio_blk.hpp"
#include "devices/virtio_mmio.hpp"
#include "tae/virtual_machine.hpp"

namespace gh::tae {

class GuestPlatform final : public devices::HartInterrupts,
                            public devices::PowerControl,
                            public devices::ByteSink {
 public:
  // `disk` is the disk image in host memory (empty: no disk).
  GuestPlatform(VirtualMachine& vm, std::span<uint8_t> disk);
  GuestPlatform(const GuestPlatform&) = delete;
  GuestPlatform& operator=(const GuestPlatform&) = delete;

  // Maps every device into the VM's memory map. False when the map is full.
  [[nodiscard]] bool attach();

  // Console input for the UART; returns how many bytes it took (call with bytes that
  // are waiting; keep the rest for later).
  size_t receive_console(std::span<const uint8_t> bytes);

  // devices::HartInterrupts
  uint32_t hart_count() const override { return vm_.config().vcpus; }
  uint64_t time() const override { return vm_.hooks().time(); }
  void set_software_interrupt(uint32_t hart, bool pending) override;
  void set_timer_compare(uint32_t hart, uint64_t value) override;
  void set_external_interrupt(uint32_t hart, riscv::Privilege level, bool pending) override;
  // devices::PowerControl
  void finish(devices::FinisherRequest request, uint16_t code) override;
  // devices::ByteSink (UART transmit)
  void put(uint8_t byte) override { vm_.hooks().console_write(static_cast<char>(byte)); }

 private:
  void notify(uint32_t hart, uint32_t request);

  VirtualMachine& vm_;
  bool has_disk_;
  uint32_t external_levels_[VirtualMachine::max_vcpus] = {};
  devices::Plic plic_;
  devices::Clint clint_;
  devices::SifiveTest finisher_;
  devices::Ns16550a uart_;
  devices::MappedDmaMemory dma_;
  devices::MemoryBlockBackend disk_backend_;
  devices::VirtioBlock disk_;
  devices::VirtioMmio disk_slot_;
  // QEMU's transports are legacy unless the launcher makes them modern for a disk.
  devices::EmptyVirtioSlot empty_slot_{has_disk_ ? devices::VirtioMmioVersion::modern
                                                 : devices::VirtioMmioVersion::legacy};
  devices::EmptyPcieIo pcie_pio_;
};

}  // namespace gh::tae
