// Bringing the machine up: read the device tree, set up the console, memory, the
// channels and the VM, start the other harts, enter the guest.
#include <cstring>
#include <new>

#include "core/fdt.hpp"
#include "core/host_platform.hpp"
#include "devices/virt_platform.hpp"
#include "riscv/sbi.hpp"
#include "riscv/trap_names.hpp"
#include "tae/guest_device_tree.hpp"
#include "tae/guest_platform.hpp"
#include "vmm/arch.hpp"
#include "vmm/channels.hpp"
#include "vmm/console.hpp"
#include "vmm/gdb_server.hpp"
#include "vmm/guest_loader.hpp"
#include "vmm/machine_hooks.hpp"
#include "vmm/page_pool.hpp"
#include "vmm/page_tables.hpp"
#include "vmm/power.hpp"
#include "vmm/sbi_host.hpp"
#include "vmm/service_hart.hpp"
#include "vmm/shared_memory.hpp"
#include "vmm/vcpu_loop.hpp"

extern "C" void (*__init_array_start[])();
extern "C" void (*__init_array_end[])();
extern "C" char __image_start[];
extern "C" char __image_end[];
extern "C" char secondary_entry[];
extern "C" char vmm_fault_entry[];

constexpr uint64_t stack_size = 1 << 14;  // GH_STACK_SHIFT in entry.S
extern "C" {
alignas(16) char hart_stacks[gh::core::HostPlatform::max_harts][stack_size];
// The host hart id of each slot (slot 0: the boot hart); entry.S reads it too. Unused
// slots hold an id no hart has.
uint64_t gh_slot_hartids[gh::core::HostPlatform::max_harts] = {
    ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull,
    ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull,
    ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull};
static_assert(gh::core::HostPlatform::max_harts == 32, "entry.S: GH_MAX_HARTS");
}

namespace gh::vmm {

Vm& the_vm() {
  static Vm vm;
  return vm;
}

namespace {

constexpr uint64_t megapage = 2ull << 20;
constexpr uint64_t page_pool_size = 4ull << 20;     // frames and the hypervisor's tables
constexpr uint64_t shadow_pool_size = 16ull << 20;  // shadow page tables, per vCPU
uint64_t shadow_pool_base = 0;
alignas(tae::VirtualMachine) unsigned char machine_storage[sizeof(tae::VirtualMachine)];
alignas(tae::GuestPlatform) unsigned char platform_storage[sizeof(tae::GuestPlatform)];
uint32_t guest_entered = 0;
constexpr uint64_t max_fdt_size = 1ull << 20;

core::HostPlatform platform;

uint64_t stack_top(uint32_t slot) {
  return reinterpret_cast<uint64_t>(hart_stacks[slot]) + stack_size;
}

// Before the console is known: the firmware's console, then power off.
[[noreturn]] void refuse_early(const char* why) {
  for (const char* p = "[glasshouse] cannot start: "; *p; ++p) {
    sbi_host_call(riscv::sbi::ext_legacy_console_putchar, 0, static_cast<uint8_t>(*p));
  }
  for (const char* p = why; *p; ++p) {
    sbi_host_call(riscv::sbi::ext_legacy_console_putchar, 0, static_cast<uint8_t>(*p));
  }
  sbi_host_call(riscv::sbi::ext_legacy_console_putchar, 0, '\n');
  power_off(exit_hypervisor_fault);
}

[[noreturn]] void refuse(const char* why) {
  ConsoleLine().out().str("cannot start: ").str(why);
  power_off(exit_hypervisor_fault);
}

void print_banner(uint64_t boot_hartid) {
  uint64_t ram = 0;
  for (uint32_t i = 0; i < platform.memory_count; ++i) ram += platform.memory[i].size;
  ConsoleLine()
      .out()
      .str("Glasshouse hypervisor: ")
      .dec(platform.hart_count)
      .str(" harts (boot hart ")
      .dec(boot_hartid)
      .str("), ")
      .dec(ram >> 20)
      .str(" MiB RAM at ")
      .hex(platform.memory[0].base)
      .str(", Sv")
      .dec(12 + 9 * platform.mmu_levels)
      .str(" MMU, H extension ")
      .str(platform.has_h_extension ? "yes" : "no");
  ConsoleLine()
      .out()
      .str("console 16550 at ")
      .hex(platform.uart.base)
      .str(", finisher ")
      .hex(platform.test_device.base)
      .str(", PLIC ")
      .hex(platform.plic.base)
      .str(", CLINT ")
      .hex(platform.clint.base);
  ConsoleLine()
      .out()
      .str("PCIe ECAM ")
      .hex(platform.pci.ecam.base)
      .str(", I/O window ")
      .hex(platform.pci.io_window.base)
      .str(" (")
      .dec(platform.pci.io_window.size >> 10)
      .str(" KiB)");
}

void parse_config(Vm& vm) {
  std::string_view bad;
  if (!core::parse_guest_config(platform.bootargs, vm.config, bad)) {
    ConsoleLine().out().str("cannot start: bad boot argument '").str(bad).str("'");
    power_off(exit_hypervisor_fault);
  }
  if (vm.config.vcpus > platform.hart_count) refuse("more vCPUs than host harts");
  if (vm.config.vcpus == platform.hart_count) {
    ConsoleLine().out().str("no spare hart for the service hart: the event stream is off");
  }
  if (vm.config.backend == core::Backend::h_extension) {
    refuse("the H-extension backend is not supported yet (use --backend tae)");
  }
}

// Host RAM minus firmware, this image, the device tree and the guest image.
core::AddressRangeAllocator free_memory(uint64_t fdt) {
  core::AddressRangeAllocator memory;
  for (uint32_t i = 0; i < platform.memory_count; ++i) (void)memory.add_free(platform.memory[i]);
  for (uint32_t i = 0; i < platform.reserved_count; ++i) (void)memory.reserve(platform.reserved[i]);
  // OpenSBI lives below the payload; keep clear of it even when the tree says nothing.
  (void)memory.reserve({platform.memory[0].base,
                        reinterpret_cast<uint64_t>(__image_start) - platform.memory[0].base});
  uint64_t image_start = reinterpret_cast<uint64_t>(__image_start);
  (void)memory.reserve({image_start, reinterpret_cast<uint64_t>(__image_end) - image_start});
  if (auto tree = core::DeviceTree::parse(reinterpret_cast<const void*>(fdt), max_fdt_size)) {
    (void)memory.reserve({fdt, tree->total_size()});
  }
  if (platform.initrd) (void)memory.reserve(*platform.initrd);
  const core::GuestConfig& config = the_vm().config;
  if (config.disk_size != 0 && config.disk_pci_slot == 0) {
    (void)memory.reserve({config.disk_base, config.disk_size});
  }
  return memory;
}

void set_up_memory(Vm& vm, uint64_t fdt) {
  core::AddressRangeAllocator memory = free_memory(fdt);
  auto ram = memory.allocate_high(vm.config.memory_bytes, megapage);
  if (!ram) refuse("not enough host memory for the guest's RAM");
  auto pool = memory.allocate_high(page_pool_size, 4096);
  auto shadow = memory.allocate_high(shadow_pool_size * vm.config.vcpus, 4096);
  if (!pool || !shadow) refuse("not enough host memory for page tables");
  shadow_pool_base = *shadow;
  vm.ram.hpa_base = *ram;
  vm.ram.size = vm.config.memory_bytes;
  page_pool().init(*pool, page_pool_size);
  memset(reinterpret_cast<void*>(*ram), 0, vm.ram.size);
}

void load_guest(Vm& vm) {
  if (!platform.initrd) refuse("no guest image (the launcher passes it with -initrd)");
  const auto* image = reinterpret_cast<const uint8_t*>(platform.initrd->base);
  if (!load_guest_image(vm, {image, platform.initrd->size})) power_off(exit_hypervisor_fault);
  const char* boot = vm.config.boot == core::BootStyle::machine ? "M-mode" : "S-mode";
  ConsoleLine()
      .out()
      .str("guest: ")
      .dec(vm.config.vcpus)
      .str(" vCPU, ")
      .dec(vm.config.memory_bytes >> 20)
      .str(" MiB at gpa ")
      .hex(GuestRam::gpa_base)
      .str(" (hpa ")
      .hex(vm.ram.hpa_base)
      .str("), ")
      .str(boot)
      .str(" boot, entry ")
      .hex(vm.entry)
      .str(", trap-and-emulate");
}

void bring_up_host_channels() {
  Channels& ch = channels();
  ch = bring_up_channels(platform);
  if (!ch.present()) {
    ConsoleLine().out().str("no pci-serial-2x found: gdb and event channels are off");
    return;
  }
  ConsoleLine().out().str("channels: gdb and events on pci-serial-2x");
}

void assign_slots(uint64_t boot_hartid) {
  uint32_t slot = 0;
  gh_slot_hartids[slot++] = boot_hartid;
  for (uint32_t i = 0; i < platform.hart_count; ++i) {
    if (platform.hart_ids[i] != boot_hartid) gh_slot_hartids[slot++] = platform.hart_ids[i];
  }
}

bool in_host_ram(uint64_t base, uint64_t size) {
  for (uint32_t i = 0; i < platform.memory_count; ++i) {
    const core::AddressRange& r = platform.memory[i];
    if (base >= r.base && size <= r.size && base - r.base <= r.size - size) return true;
  }
  return false;
}

// The guest's disk: the image file shared through ivshmem (persistent), or a copy the
// launcher loaded into host RAM (this run only). Empty: no disk.
std::span<uint8_t> find_disk(const core::GuestConfig& config) {
  if (config.disk_size == 0) return {};
  if (config.disk_pci_slot != 0) {
    const auto shared = bring_up_shared_memory(platform, config.disk_pci_slot);
    if (!shared) refuse("the disk image's ivshmem-plain device is missing");
    if (shared->size() < config.disk_size) refuse("the disk image's ivshmem memory is too small");
    return shared->first(config.disk_size);
  }
  if (!in_host_ram(config.disk_base, config.disk_size)) refuse("the disk image is not in RAM");
  return {reinterpret_cast<uint8_t*>(config.disk_base), config.disk_size};
}

// The event stream's full-rate path: a ring in shared memory instead of the UART.
void bring_up_event_ring(const core::GuestConfig& config) {
  if (config.events_pci_slot == 0) return;
  const auto shared = bring_up_shared_memory(platform, config.events_pci_slot);
  if (!shared || !use_shared_event_ring(*shared)) {
    refuse("the event ring's ivshmem-plain device is missing or too small");
  }
  ConsoleLine().out().str("events: shared-memory ring of ").dec(shared->size() >> 10).str(" KiB");
}

void make_machine(Vm& vm) {
  bool sv48 = vm.config.sv48 && platform.mmu_levels >= 4;
  vm.shadow_mode = sv48 ? mmu::PagingMode::sv48 : mmu::PagingMode::sv39;
  vm.timebase_hz = platform.timebase_hz;
  vm.machine = new (machine_storage) tae::VirtualMachine(vm.config, identity_host_memory(),
                                                         machine_hooks(vm, platform.timebase_hz));
  if (vm.machine->add_ram(GuestRam::gpa_base, vm.ram.size, vm.ram.hpa_base) != mmu::MapStatus::ok) {
    refuse("cannot map guest RAM");
  }
  std::span<uint8_t> disk = find_disk(vm.config);
  if (!disk.empty()) {
    ConsoleLine()
        .out()
        .str("disk: ")
        .dec(vm.config.disk_size >> 10)
        .str(" KiB virtio-blk at gpa ")
        .hex(devices::virt::virtio_slot_base(0));
  }
  vm.devices = new (platform_storage) tae::GuestPlatform(*vm.machine, disk);
  if (!vm.devices->attach()) refuse("cannot map the guest's devices");
}

void make_vcpus(Vm& vm) {
  constexpr uint64_t pages = shadow_pool_size / 4096;
  for (uint32_t i = 0; i < vm.config.vcpus; ++i) {
    Vcpu& vcpu = vm.vcpus[i];
    vcpu.index = i;
    vcpu.host_hartid = gh_slot_hartids[i];
    if (!prepare_vcpu(vm, vcpu, stack_top(i), shadow_pool_base + i * shadow_pool_size, pages)) {
      refuse("out of page-table memory");
    }
  }
}

// An S-mode guest gets its device tree in a1, near the top of its RAM (where QEMU puts
// the tree it hands to firmware).
void place_guest_device_tree(Vm& vm) {
  if (vm.config.boot != core::BootStyle::supervisor) return;
  constexpr uint64_t tree_space = 64 * 1024;
  uint64_t gpa = GuestRam::gpa_base + vm.ram.size - (2ull << 20);
  tae::GuestDeviceTreeFacts facts{.vcpus = vm.config.vcpus,
                                  .ram_base = GuestRam::gpa_base,
                                  .ram_size = vm.ram.size,
                                  .timebase_hz = platform.timebase_hz,
                                  .sv48 = vm.shadow_mode == mmu::PagingMode::sv48};
  size_t size = tae::build_guest_device_tree(facts, {vm.ram.host(gpa), tree_space});
  if (size == 0) refuse("the guest's device tree does not fit");
  vm.fdt_gpa = gpa;
}

// M-mode boot: every vCPU at the entry in M-mode, a0 = hartid. S-mode boot: vCPU 0 in
// S-mode with a0 = 0 and a1 = the device tree; the others wait for SBI HSM hart_start.
void start_guest(Vm& vm) {
  bool machine_boot = vm.config.boot == core::BootStyle::machine;
  for (uint32_t i = 0; i < vm.config.vcpus; ++i) {
    if (machine_boot) {
      vm.vcpus[i].tae->start(vm.entry, riscv::Privilege::machine, i, 0);
    } else if (i == 0) {
      vm.vcpus[i].tae->start(vm.entry, riscv::Privilege::supervisor, 0, vm.fdt_gpa);
    }
  }
  __atomic_store_n(&guest_entered, 1, __ATOMIC_RELEASE);
}

uint32_t harts_online = 1;
// Harts wait for each other in wfi, polling every 10 us of the platform timer (10 MHz on
// QEMU virt): under -icount QEMU runs one hart at a time and a spinning hart would hold
// the others up for its whole time slice.
constexpr uint64_t poll_ticks = 100;

void wait_until_guest_entered() {
  while (__atomic_load_n(&guest_entered, __ATOMIC_ACQUIRE) == 0) sbi_host_sleep(poll_ticks);
}

// Starts every other hart (SBI HSM) and waits until each has switched to the
// hypervisor's page table. Harts without a vCPU stay parked.
void start_secondary_harts() {
  for (uint32_t slot = 1; slot < platform.hart_count; ++slot) {
    // A hart that the firmware has not parked yet refuses to start: ask again a while.
    SbiResult result{};
    for (int attempt = 0; attempt < 10000; ++attempt) {
      result = sbi_host_hart_start(gh_slot_hartids[slot],
                                   reinterpret_cast<uint64_t>(secondary_entry), slot);
      if (result.error == 0) break;
      sbi_host_sleep(poll_ticks);
    }
    if (result.error != 0) refuse("a hart did not start (SBI HSM hart_start failed)");
  }
  const uint64_t patience = 10 * platform.timebase_hz;  // ten seconds of the platform timer
  const uint64_t since = GH_CSR_READ(time);
  while (__atomic_load_n(&harts_online, __ATOMIC_ACQUIRE) < platform.hart_count) {
    if (GH_CSR_READ(time) - since > patience) refuse("a hart started but never came online");
    sbi_host_sleep(poll_ticks);
  }
  ConsoleLine().out().dec(platform.hart_count).str(" harts online");
}

[[noreturn]] void wait_and_run(Vcpu& vcpu) {
  wait_until_guest_entered();
  run_vcpu(vcpu);
}

}  // namespace
}  // namespace gh::vmm

extern "C" [[noreturn]] void vmm_boot_main(uint64_t hartid, uint64_t fdt) {
  using namespace gh;
  using namespace gh::vmm;
  GH_CSR_WRITE(stvec, reinterpret_cast<uint64_t>(vmm_fault_entry));
  // Static objects with constructors (event rings, hooks) before anything uses them.
  for (auto* constructor = __init_array_start; constructor != __init_array_end; ++constructor) {
    (*constructor)();
  }
  auto tree = core::DeviceTree::parse(reinterpret_cast<const void*>(fdt), max_fdt_size);
  if (!tree) refuse_early("no valid device tree in a1");
  const char* problem = core::discover_host_platform(*tree, platform);
  set_finisher(platform.test_device.base);
  if (platform.uart.size == 0) refuse_early(problem ? problem : "no console");
  console().init(platform.uart.base, platform.uart_reg_shift);
  if (problem) refuse(problem);
  print_banner(hartid);
  Vm& vm = the_vm();
  parse_config(vm);
  set_up_memory(vm, fdt);
  load_guest(vm);
  vm.vmm_satp = build_vmm_page_table();
  if (vm.vmm_satp == 0) refuse("out of page-table memory");
  GH_CSR_WRITE(satp, vm.vmm_satp);
  sfence_vma_all();
  bring_up_host_channels();
  assign_slots(hartid);
  make_machine(vm);
  make_vcpus(vm);
  if (platform.hart_count > vm.config.vcpus) {
    bring_up_event_ring(vm.config);
    init_event_streams(vm, platform.timebase_hz, gh_slot_hartids[vm.config.vcpus]);
    init_gdb_server(vm, platform);
  }
  start_secondary_harts();
  place_guest_device_tree(vm);
  ConsoleLine().out().str("entering guest");
  start_guest(vm);
  wait_and_run(vm.vcpus[0]);
}

extern "C" [[noreturn]] void vmm_secondary_main(uint64_t /*hartid*/, uint64_t slot) {
  using namespace gh::vmm;
  GH_CSR_WRITE(stvec, reinterpret_cast<uint64_t>(vmm_fault_entry));
  Vm& vm = the_vm();
  GH_CSR_WRITE(satp, vm.vmm_satp);
  sfence_vma_all();
  __atomic_fetch_add(&harts_online, 1, __ATOMIC_RELEASE);
  if (slot == vm.config.vcpus) {
    wait_until_guest_entered();
    run_service_hart(vm);
  }
  if (slot > vm.config.vcpus) {
    for (;;) wait_for_interrupt();  // neither a vCPU nor the service hart
  }
  wait_and_run(vm.vcpus[slot]);
}

extern "C" [[noreturn]] void gh_runtime_panic(const char* what, uint64_t where) {
  using namespace gh::vmm;
  gh::core::Writer out(console());
  console().start_fresh_line();
  out.str("[glasshouse] hypervisor fault: ").str(what).str(" at ").hex(where).nl();
  power_off(exit_hypervisor_fault);
}

extern "C" [[noreturn]] void vmm_fault(uint64_t cause, uint64_t pc, uint64_t tval, uint64_t sp) {
  using namespace gh::vmm;
  gh::core::Writer out(console());
  console().start_fresh_line();
  out.str("[glasshouse] hypervisor fault: cause ")
      .dec(cause & ~gh::riscv::cause_interrupt_flag)
      .str(" (")
      .str(gh::riscv::cause_name(cause))
      .str(") pc ")
      .hex(pc)
      .str(" tval ")
      .hex(tval)
      .str(" sp ")
      .hex(sp)
      .nl();
  power_off(exit_hypervisor_fault);
}
