#include "debug_vm.hpp"

namespace gh::debug::test {

namespace {
core::GuestConfig one_vcpu() {
  core::GuestConfig c;
  c.vcpus = 1;
  c.boot = core::BootStyle::supervisor;
  return c;
}
}  // namespace

DebugVm::DebugVm(bool hold_at_start)
    : host_cleared((mmu::test::ArrayHostMemory().clear(), true)),
      config(one_vcpu()),
      vm(config, host, hooks),
      pages(host, mmu::test::shadow_pool_hpa, mmu::test::shadow_pool_pages),
      vcpu(vm, 0, state, pages, 0),
      target(vm) {
  (void)vm.add_ram(ram_gpa, mmu::test::guest_ram_size, mmu::test::guest_ram_hpa);
  (void)vm.add_device(device_gpa, 0x1000, device, 0);
  vm.attach_vcpu(vcpu);
  vcpu.start(entry, riscv::Privilege::supervisor, 0, 0);
  target.attach(hold_at_start);
}

uint32_t DebugVm::ram32(uint64_t gpa) { return static_cast<uint32_t>(*vm.ram().read(gpa, 4)); }
void DebugVm::put32(uint64_t gpa, uint32_t value) { (void)vm.ram().write(gpa, 4, value); }
void DebugVm::put16(uint64_t gpa, uint16_t value) { (void)vm.ram().write(gpa, 2, value); }

void DebugVm::map_gigapage_at_1gib() {
  namespace pte = riscv::pte;
  map_gigapage_at_1gib_with(pte::r | pte::w | pte::x | pte::a | pte::d);
}

void DebugVm::map_gigapage_at_1gib_with(uint64_t flags) {
  constexpr uint64_t root = ram_gpa + 0x1000;
  namespace pte = riscv::pte;
  const uint64_t leaf = pte::make(ram_gpa, pte::v | flags);
  (void)vm.ram().write(root + 1 * 8, 8, leaf);  // VPN[2] = 1: gva 0x4000_0000
  (void)vcpu.hart().write_csr(riscv::csr_number(riscv::Csr::satp),
                              riscv::satp::make(riscv::satp::mode_sv39, 0, root));
}

uint64_t DebugVm::shadow_leaf(uint64_t va) {
  const uint64_t root = (vcpu.host_satp() & riscv::satp::ppn_mask) << 12;
  return vcpu.shadow().tables().leaf(root, va);
}

uint32_t DebugVm::host32(uint64_t hpa) {
  uint32_t value = 0;
  for (uint64_t i = 4; i-- > 0;) {
    const uint64_t at = hpa + i;
    value = value << 8 | static_cast<uint8_t>(*host.word(at & ~uint64_t{7}) >> (8 * (at & 7)));
  }
  return value;
}

void DebugVm::resume(gdbstub::ResumeKind kind) {
  gdbstub::ResumeAction action{kind, 0};
  (void)target.resume(std::span(&action, 1));
  (void)vcpu.poll_idle();
}

}  // namespace gh::debug::test
