#include "vmm/machine_hooks.hpp"

#include "riscv/sbi.hpp"
#include "vmm/arch.hpp"
#include "vmm/console.hpp"
#include "vmm/sbi_host.hpp"
#include "vmm/vm.hpp"

namespace gh::vmm {
namespace {

class IdentityHostMemory final : public mmu::HostMemory {
 public:
  uint64_t* word(uint64_t hpa) override { return reinterpret_cast<uint64_t*>(hpa); }
};

class MachineHooks final : public tae::HostHooks {
 public:
  void init(Vm& vm, uint64_t timebase_hz) {
    vm_ = &vm;
    timebase_hz_ = timebase_hz;
  }
  uint64_t time() const override { return GH_CSR_READ(time); }
  uint64_t timebase_hz() const override { return timebase_hz_; }
  void console_write(char c) override { console().guest_put(c); }
  std::optional<uint8_t> console_read() override {
    LockGuard guard(console().lock());
    uint8_t byte = 0;
    if (!console().try_get(byte)) return std::nullopt;
    return byte;
  }
  void kick(uint32_t index) override {
    uint64_t hartid = vm_->vcpus[index].host_hartid;
    sbi_host_call(riscv::sbi::ext_ipi, riscv::sbi::ipi_send_ipi, 1, hartid);
  }

 private:
  Vm* vm_ = nullptr;
  uint64_t timebase_hz_ = 0;
};

MachineHooks hooks;
IdentityHostMemory identity;

}  // namespace

tae::HostHooks& machine_hooks(Vm& vm, uint64_t timebase_hz) {
  hooks.init(vm, timebase_hz);
  return hooks;
}

mmu::HostMemory& identity_host_memory() { return identity; }

}  // namespace gh::vmm
