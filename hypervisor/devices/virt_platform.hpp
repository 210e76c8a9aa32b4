// Where QEMU 7.2's `virt` machine puts the devices a guest sees, and their PLIC sources.
// These are the guest-facing addresses only; the host platform is discovered from its
// device tree (core/).
#pragma once

#include <cstdint>

namespace gh::devices::virt {

constexpr uint64_t test_base = 0x0010'0000;  // sifive_test finisher
constexpr uint64_t test_size = 0x1000;
constexpr uint64_t clint_base = 0x0200'0000;  // ACLINT MSWI + MTIMER
constexpr uint64_t clint_size = 0x1'0000;
constexpr uint64_t plic_base = 0x0c00'0000;
constexpr uint64_t plic_size = 0x60'0000;  // room for QEMU's 512 harts x 2 contexts
constexpr uint64_t uart0_base = 0x1000'0000;
constexpr uint64_t uart0_size = 0x100;
constexpr uint32_t uart0_irq = 10;
constexpr uint64_t virtio_base = 0x1000'1000;  // slot n at virtio_base + n * virtio_stride
constexpr uint64_t virtio_stride = 0x1000;
constexpr uint32_t virtio_slots = 8;
constexpr uint32_t virtio_first_irq = 1;  // slot n raises PLIC source 1 + n
constexpr uint64_t dram_base = 0x8000'0000;

constexpr uint64_t virtio_slot_base(uint32_t slot) { return virtio_base + slot * virtio_stride; }
constexpr uint32_t virtio_slot_irq(uint32_t slot) { return virtio_first_irq + slot; }

}  // namespace gh::devices::virt
