#include "riscv/sbi.hpp"
#include "tae/sbi/sbi.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::tae::sbi {

using namespace riscv::sbi;

bool is_available(uint64_t extension) {
  switch (extension) {
    case ext_base:
    case ext_time:
    case ext_ipi:
    case ext_rfence:
    case ext_hsm:
    case ext_srst:
    case ext_dbcn:
      return true;
    default:
      return extension <= ext_legacy_shutdown;
  }
}

namespace {

SbiResult dispatch(TaeVcpu& vcpu, const SbiCall& call) {
  switch (call.extension) {
    case ext_base:
      return base(vcpu, call);
    case ext_time:
      return timer(vcpu, call);
    case ext_ipi:
      return ipi(vcpu, call);
    case ext_rfence:
      return remote_fence(vcpu, call);
    case ext_hsm:
      return hart_state(vcpu, call);
    case ext_srst:
      return system_reset(vcpu, call);
    case ext_dbcn:
      return debug_console(vcpu, call);
    default:
      if (call.extension <= ext_legacy_shutdown) return legacy(vcpu, call);
      return {err_not_supported, 0};
  }
}

}  // namespace

ExitAction handle_call(TaeVcpu& vcpu) {
  GuestCpuState& state = vcpu.state();
  SbiCall call;
  call.extension = state.x[reg::a7];
  call.function = state.x[reg::a6];
  for (unsigned i = 0; i < 6; ++i) call.args[i] = state.x[reg::a0 + i];
  SbiResult result = dispatch(vcpu, call);
  state.x[reg::a0] = static_cast<uint64_t>(result.error);
  if (!result.legacy) state.x[reg::a1] = result.value;
  state.pc += 4;  // ecall has no compressed form
  return result.action;
}

int64_t post_to_harts(TaeVcpu& vcpu, uint64_t hart_mask, uint64_t hart_mask_base,
                      uint32_t request) {
  VirtualMachine& vm = vcpu.vm();
  uint32_t count = vm.vcpu_count();
  bool all = hart_mask_base == ~0ull;
  if (!all && hart_mask_base >= count && hart_mask != 0) return err_invalid_param;
  for (uint32_t i = 0; i < count; ++i) {
    bool selected = all || (i >= hart_mask_base && i - hart_mask_base < 64 &&
                            ((hart_mask >> (i - hart_mask_base)) & 1));
    if (!selected) continue;
    vm.vcpu(i).mailbox().post(request);
    if (i != vcpu.index()) vm.hooks().kick(i);
  }
  return success;
}

}  // namespace gh::tae::sbi
