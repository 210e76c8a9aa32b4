#include "tae/guest_device_tree.hpp"

#include "core/fdt_writer.hpp"
#include "devices/virt_platform.hpp"

namespace gh::tae {
namespace {

namespace virt = devices::virt;
using core::FdtWriter;

// phandles: each hart's interrupt controller is 1 + hart; the PLIC comes after them.
uint32_t cpu_intc_phandle(uint32_t hart) { return 1 + hart; }
uint32_t plic_phandle(const GuestDeviceTreeFacts& f) { return 1 + f.vcpus; }

void reg(FdtWriter& w, uint64_t base, uint64_t size) {
  const uint32_t cells[4] = {static_cast<uint32_t>(base >> 32), static_cast<uint32_t>(base),
                             static_cast<uint32_t>(size >> 32), static_cast<uint32_t>(size)};
  w.property_cells("reg", cells);
}

char* unit_name(char* buffer, const char* prefix, uint64_t address) {
  char* p = buffer;
  while (*prefix) *p++ = *prefix++;
  *p++ = '@';
  char digits[16];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[address & 0xF];
    address >>= 4;
  } while (address != 0);
  while (n > 0) *p++ = digits[--n];
  *p = 0;
  return buffer;
}

void cpus(FdtWriter& w, const GuestDeviceTreeFacts& f) {
  w.begin_node("cpus");
  w.property_u32("#address-cells", 1);
  w.property_u32("#size-cells", 0);
  w.property_u32("timebase-frequency", static_cast<uint32_t>(f.timebase_hz));
  for (uint32_t hart = 0; hart < f.vcpus; ++hart) {
    char name[32];
    w.begin_node(unit_name(name, "cpu", hart));
    w.property_string("device_type", "cpu");
    w.property_u32("reg", hart);
    w.property_string("status", "okay");
    w.property_string("compatible", "riscv");
    w.property_string("riscv,isa", "rv64imafdc_zicsr_zifencei_sstc");
    w.property_string("mmu-type", f.sv48 ? "riscv,sv48" : "riscv,sv39");
    w.begin_node("interrupt-controller");
    w.property_u32("#interrupt-cells", 1);
    w.property_empty("interrupt-controller");
    w.property_string("compatible", "riscv,cpu-intc");
    w.property_u32("phandle", cpu_intc_phandle(hart));
    w.end_node();
    w.end_node();
  }
  w.end_node();
}

// interrupts-extended: for each hart, its controller and the given local interrupts.
void per_hart_interrupts(FdtWriter& w, const GuestDeviceTreeFacts& f, uint32_t first,
                         uint32_t second) {
  uint32_t cells[16 * 4];
  uint32_t n = 0;
  for (uint32_t hart = 0; hart < f.vcpus && n + 4 <= 64; ++hart) {
    cells[n++] = cpu_intc_phandle(hart);
    cells[n++] = first;
    cells[n++] = cpu_intc_phandle(hart);
    cells[n++] = second;
  }
  w.property_cells("interrupts-extended", {cells, n});
}

void device(FdtWriter& w, const char* prefix, uint64_t base, uint64_t size,
            std::string_view compatible) {
  char name[40];
  w.begin_node(unit_name(name, prefix, base));
  reg(w, base, size);
  w.property_strings("compatible", compatible);
}

void soc(FdtWriter& w, const GuestDeviceTreeFacts& f) {
  w.begin_node("soc");
  w.property_u32("#address-cells", 2);
  w.property_u32("#size-cells", 2);
  w.property_string("compatible", "simple-bus");
  w.property_empty("ranges");
  device(w, "serial", virt::uart0_base, virt::uart0_size, "ns16550a");
  w.property_u32("clock-frequency", 0x384000);
  w.property_u32("interrupts", virt::uart0_irq);
  w.property_u32("interrupt-parent", plic_phandle(f));
  w.end_node();
  device(w, "test", virt::test_base, virt::test_size,
         std::string_view("sifive,test1\0sifive,test0\0syscon", 32));
  w.end_node();
  // Every slot, in QEMU's order (highest address first); an empty slot has device id 0.
  for (uint32_t slot = virt::virtio_slots; slot-- > 0;) {
    device(w, "virtio_mmio", virt::virtio_slot_base(slot), virt::virtio_stride, "virtio,mmio");
    w.property_u32("interrupts", virt::virtio_slot_irq(slot));
    w.property_u32("interrupt-parent", plic_phandle(f));
    w.end_node();
  }
  device(w, "plic", virt::plic_base, virt::plic_size,
         std::string_view("sifive,plic-1.0.0\0riscv,plic0", 29));
  w.property_u32("phandle", plic_phandle(f));
  w.property_u32("riscv,ndev", 95);
  w.property_u32("#interrupt-cells", 1);
  w.property_u32("#address-cells", 0);
  w.property_empty("interrupt-controller");
  per_hart_interrupts(w, f, 11, 9);  // machine and supervisor external
  w.end_node();
  device(w, "clint", virt::clint_base, virt::clint_size,
         std::string_view("sifive,clint0\0riscv,clint0", 26));
  per_hart_interrupts(w, f, 3, 7);  // machine software and timer
  w.end_node();
  w.end_node();
}

}  // namespace

size_t build_guest_device_tree(const GuestDeviceTreeFacts& f, std::span<uint8_t> out) {
  FdtWriter w(out);
  w.begin_node("");
  w.property_u32("#address-cells", 2);
  w.property_u32("#size-cells", 2);
  w.property_string("compatible", "riscv-virtio");
  w.property_string("model", "riscv-virtio,qemu");
  w.begin_node("chosen");
  w.property_string("stdout-path", "/soc/serial@10000000");
  w.end_node();
  char name[32];
  w.begin_node(unit_name(name, "memory", f.ram_base));
  w.property_string("device_type", "memory");
  reg(w, f.ram_base, f.ram_size);
  w.end_node();
  cpus(w, f);
  soc(w, f);
  w.end_node();
  return w.finish();
}

}  // namespace gh::tae
