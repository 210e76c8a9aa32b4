// Reads the device tree the firmware passed in a1 (the hypervisor's, or QEMU's through
// OpenSBI natively) with the same reader the hypervisor uses, and prints what a kernel
// needs from it. The lines must be the same natively and under the hypervisor.
#include "core/fdt.hpp"
#include "core/host_platform.hpp"
#include "sbi_guest.hpp"

using namespace guest;

namespace {
void show(const char* name, uint64_t value) {
  print(name);
  print(" = ");
  print_hex(value);
  print("\n");
}
gh::core::HostPlatform platform;
}  // namespace

extern "C" uint64_t guest_main(uint64_t, uint64_t fdt) {
  auto tree = gh::core::DeviceTree::parse(reinterpret_cast<const void*>(fdt), 1 << 20);
  if (!tree) {
    print("no device tree in a1\n");
    return 1;
  }
  print("device tree found\n");
  const char* problem = gh::core::discover_host_platform(*tree, platform);
  print(problem == nullptr ? "a usable machine\n" : problem);
  show("harts", platform.hart_count);
  show("memory base", platform.memory[0].base);
  show("memory size", platform.memory[0].size);
  show("timebase", platform.timebase_hz);
  show("paging levels", platform.mmu_levels);
  show("uart", platform.uart.base);
  show("finisher", platform.test_device.base);
  show("plic", platform.plic.base);
  auto chosen = tree->find_path("/chosen");
  auto stdout_path = chosen ? tree->property(*chosen, "stdout-path") : std::nullopt;
  print("stdout-path: ");
  print(stdout_path ? stdout_path->string().data() : "none");
  print("\n");
  auto virtio = tree->find_compatible("virtio,mmio");
  show("first virtio-mmio slot", virtio ? tree->reg(*virtio)->base : 0);
  return 0;
}
