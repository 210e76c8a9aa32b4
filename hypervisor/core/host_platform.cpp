#include "core/host_platform.hpp"

namespace gh::core {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

void read_memory(const DeviceTree& tree, HostPlatform& p) {
  auto root = tree.root();
  for (auto child = tree.next_child(*root); child; child = tree.next_child(*root, child)) {
    auto type = tree.property(*child, "device_type");
    if (!type || type->string() != "memory") continue;
    for (uint32_t i = 0; p.memory_count < HostPlatform::max_memory; ++i) {
      auto r = tree.reg(*child, i);
      if (!r) break;
      p.memory[p.memory_count++] = {r->base, r->size};
    }
  }
}

void read_harts(const DeviceTree& tree, HostPlatform& p) {
  auto cpus = tree.find_path("/cpus");
  if (!cpus) return;
  if (auto tb = tree.property(*cpus, "timebase-frequency")) p.timebase_hz = tb->cell(0).value_or(0);
  bool first = true;
  for (auto cpu = tree.next_child(*cpus); cpu; cpu = tree.next_child(*cpus, cpu)) {
    auto type = tree.property(*cpu, "device_type");
    if (!type || type->string() != "cpu") continue;
    auto status = tree.property(*cpu, "status");
    if (status && status->string() != "okay" && status->string() != "ok") continue;
    auto reg = tree.property(*cpu, "reg");
    if (!reg || p.hart_count == HostPlatform::max_harts) continue;
    p.hart_ids[p.hart_count++] = reg->number(0, tree.address_cells(*cpus)).value_or(0);
    auto isa = tree.property(*cpu, "riscv,isa");
    bool h = isa && isa_has_extension(isa->string(), 'h');
    auto mmu = tree.property(*cpu, "mmu-type");
    uint32_t levels = 0;
    if (mmu && mmu->string() == "riscv,sv39") levels = 3;
    if (mmu && mmu->string() == "riscv,sv48") levels = 4;
    if (mmu && mmu->string() == "riscv,sv57") levels = 5;
    // The machine offers what every hart offers.
    p.has_h_extension = first ? h : (p.has_h_extension && h);
    p.mmu_levels = first ? levels : (levels < p.mmu_levels ? levels : p.mmu_levels);
    first = false;
  }
}

AddressRange first_reg(const DeviceTree& tree, std::string_view compat) {
  auto node = tree.find_compatible(compat);
  if (!node) return {};
  auto r = tree.reg(*node);
  return r ? AddressRange{r->base, r->size} : AddressRange{};
}

void read_virtio_mmio(const DeviceTree& tree, HostPlatform& p) {
  for (auto node = tree.find_compatible("virtio,mmio"); node;
       node = tree.find_compatible("virtio,mmio", node)) {
    auto r = tree.reg(*node);
    if (r && p.virtio_mmio_count < HostPlatform::max_virtio_mmio)
      p.virtio_mmio[p.virtio_mmio_count++] = {r->base, r->size};
  }
}

void read_uart(const DeviceTree& tree, HostPlatform& p) {
  std::optional<FdtNode> node;
  if (auto chosen = tree.find_path("/chosen")) {
    if (auto path = tree.property(*chosen, "stdout-path")) {
      std::string_view s = path->string();
      node = tree.find_path(s.substr(0, s.find(':')));
    }
  }
  if (!node) node = tree.find_compatible("ns16550a");
  if (!node) return;
  auto compatible = tree.property(*node, "compatible");
  if (!compatible || !compatible->contains_string("ns16550a")) return;
  if (auto r = tree.reg(*node)) p.uart = {r->base, r->size};
  if (auto shift = tree.property(*node, "reg-shift")) p.uart_reg_shift = shift->cell(0).value_or(0);
}

void read_pci(const DeviceTree& tree, HostPlatform& p) {
  auto node = tree.find_compatible("pci-host-ecam-generic");
  if (!node) return;
  auto ecam = tree.reg(*node);
  auto ranges = tree.property(*node, "ranges");
  if (!ecam || !ranges) return;
  p.pci.ecam = {ecam->base, ecam->size};
  if (auto bus = tree.property(*node, "bus-range")) {
    p.pci.first_bus = bus->cell(0).value_or(0);
    p.pci.last_bus = bus->cell(1).value_or(0);
  } else {
    p.pci.last_bus = static_cast<uint32_t>((ecam->size >> 20) - 1);
  }
  // Each entry: PCI address (3 cells: flags, hi, lo), CPU address (parent cells), size (2).
  auto up = tree.parent(*node);
  uint32_t parent_cells = up ? tree.address_cells(*up) : 2;
  uint32_t entry_cells = 3 + parent_cells + 2;
  for (uint32_t e = 0; (e + 1) * entry_cells * 4 <= ranges->length(); ++e) {
    uint32_t at = e * entry_cells;
    uint32_t space = (ranges->cell(at).value_or(0) >> 24) & 3;
    uint64_t bus_address = ranges->number(at + 1, 2).value_or(0);
    uint64_t cpu_address = ranges->number(at + 3, parent_cells).value_or(0);
    uint64_t size = ranges->number(at + 3 + parent_cells, 2).value_or(0);
    if (space == 1 && p.pci.io_window.size == 0) {
      p.pci.io_window = {cpu_address, size};
      p.pci.io_bus_base = bus_address;
    } else if (space == 2 && p.pci.mem32_window.size == 0) {
      p.pci.mem32_window = {cpu_address, size};
      p.pci.mem32_bus_base = bus_address;
    }
  }
}

void read_chosen(const DeviceTree& tree, HostPlatform& p) {
  auto chosen = tree.find_path("/chosen");
  if (!chosen) return;
  if (auto args = tree.property(*chosen, "bootargs")) p.bootargs = args->string();
  auto start = tree.property(*chosen, "linux,initrd-start");
  auto end = tree.property(*chosen, "linux,initrd-end");
  if (start && end) {
    uint64_t s = start->number(0, start->length() / 4).value_or(0);
    uint64_t e = end->number(0, end->length() / 4).value_or(0);
    if (e > s) p.initrd = AddressRange{s, e - s};
  }
}

void add_reserved(HostPlatform& p, AddressRange r) {
  if (p.reserved_count < HostPlatform::max_reserved && r.size != 0)
    p.reserved[p.reserved_count++] = r;
}

void read_reserved(const DeviceTree& tree, HostPlatform& p) {
  for (uint32_t i = 0;; ++i) {
    auto r = tree.reserved(i);
    if (!r) break;
    add_reserved(p, {r->base, r->size});
  }
  auto node = tree.find_path("/reserved-memory");
  if (!node) return;
  for (auto child = tree.next_child(*node); child; child = tree.next_child(*node, child)) {
    for (uint32_t i = 0;; ++i) {
      auto r = tree.reg(*child, i);
      if (!r) break;
      add_reserved(p, {r->base, r->size});
    }
  }
}

}  // namespace

bool isa_has_extension(std::string_view isa, char ext) {
  if (!starts_with(isa, "rv32") && !starts_with(isa, "rv64")) return false;
  std::string_view letters = isa.substr(
      4, isa.find('_') == std::string_view::npos ? std::string_view::npos : isa.find('_') - 4);
  for (char c : letters) {
    if (c == ext) return true;
    if (c == 'g' && (ext == 'i' || ext == 'm' || ext == 'a' || ext == 'f' || ext == 'd'))
      return true;
  }
  return false;
}

const char* discover_host_platform(const DeviceTree& tree, HostPlatform& p) {
  p = HostPlatform{};
  read_memory(tree, p);
  read_harts(tree, p);
  read_uart(tree, p);
  read_pci(tree, p);
  read_virtio_mmio(tree, p);
  read_chosen(tree, p);
  read_reserved(tree, p);
  p.test_device = first_reg(tree, "sifive,test0");
  p.plic = first_reg(tree, "riscv,plic0");
  if (p.plic.size == 0) p.plic = first_reg(tree, "sifive,plic-1.0.0");
  p.clint = first_reg(tree, "riscv,clint0");
  if (p.clint.size == 0) p.clint = first_reg(tree, "sifive,clint0");

  if (p.memory_count == 0) return "no memory node";
  if (p.hart_count == 0) return "no usable hart in /cpus";
  if (p.mmu_levels < 3) return "harts have no Sv39 MMU (mmu-type)";
  if (p.uart.size == 0) return "no ns16550a console UART";
  return nullptr;
}

}  // namespace gh::core
