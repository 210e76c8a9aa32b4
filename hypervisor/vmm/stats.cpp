#include "vmm/stats.hpp"

#include "vmm/console.hpp"

namespace gh::vmm {
namespace {

uint64_t to_ms(uint64_t ticks, uint64_t timebase_hz) {
  return timebase_hz == 0 ? 0 : ticks * 1000 / timebase_hz;
}

void print_exit_counters(const Vcpu& vcpu, uint64_t timebase_hz) {
  const tae::ExitCounters& c = vcpu.tae->counters();
  ConsoleLine()
      .out()
      .str("stats vcpu ")
      .dec(vcpu.index)
      .str(": exits ")
      .dec(c.exits)
      .str(" emulated ")
      .dec(c.emulated_instructions)
      .str(" fast ")
      .dec(c.fast_exits)
      .str(" shadow_fills ")
      .dec(c.shadow_fills)
      .str(" mmio ")
      .dec(c.mmio_accesses)
      .str(" sbi ")
      .dec(c.sbi_calls)
      .str(" exceptions ")
      .dec(c.exceptions_delivered)
      .str(" interrupts ")
      .dec(c.interrupts_delivered)
      .str(" satp_writes ")
      .dec(c.satp_writes)
      .str(" sfences ")
      .dec(c.sfences)
      .str(" vmm_ms ")
      .dec(to_ms(c.vmm_ticks, timebase_hz))
      .str(" guest_pt_sync_ms ")
      .dec(to_ms(c.guest_sync_ticks, timebase_hz));
}

void print_shadow_counters(const Vcpu& vcpu) {
  const mmu::ShadowCounters& s = vcpu.tae->shadow().counters();
  ConsoleLine()
      .out()
      .str("stats vcpu ")
      .dec(vcpu.index)
      .str(": shadow installs ")
      .dec(s.installs)
      .str(" activations ")
      .dec(s.activations)
      .str(" space_hits ")
      .dec(s.address_space_hits)
      .str(" space_misses ")
      .dec(s.address_space_misses)
      .str(" evictions ")
      .dec(s.evictions)
      .str(" guest_pte_checks ")
      .dec(s.guest_pte_checks)
      .str(" guest_pte_changes ")
      .dec(s.guest_pte_changes)
      .str(" full_flushes ")
      .dec(s.full_flushes);
}

}  // namespace

void print_stats(const Vm& vm) {
  for (uint32_t i = 0; i < vm.config.vcpus; ++i) {
    const Vcpu& vcpu = vm.vcpus[i];
    if (vcpu.tae == nullptr) continue;
    print_exit_counters(vcpu, vm.timebase_hz);
    print_shadow_counters(vcpu);
  }
}

}  // namespace gh::vmm
