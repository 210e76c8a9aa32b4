// SBI HSM: start, stop and query vCPUs.
#include "riscv/sbi.hpp"
#include "tae/sbi/sbi.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::tae::sbi {

using namespace riscv::sbi;

namespace {

SbiResult hart_start(TaeVcpu& vcpu, uint64_t hartid, uint64_t start, uint64_t opaque) {
  VirtualMachine& vm = vcpu.vm();
  if (hartid >= vm.vcpu_count()) return {err_invalid_param, 0};
  if (!vm.ram().read(start, 2)) return {err_invalid_address, 0};
  TaeVcpu& target = vm.vcpu(static_cast<uint32_t>(hartid));
  if (!target.mailbox().change_hsm_state(hsm_state_stopped, hsm_state_start_pending)) {
    return {err_already_available, 0};
  }
  target.mailbox().set_start(start, opaque);
  target.mailbox().post(VcpuMailbox::start);
  vm.hooks().kick(static_cast<uint32_t>(hartid));
  return {success, 0};
}

SbiResult hart_status(TaeVcpu& vcpu, uint64_t hartid) {
  if (hartid >= vcpu.vm().vcpu_count()) return {err_invalid_param, 0};
  return {success, vcpu.vm().vcpu(static_cast<uint32_t>(hartid)).mailbox().hsm_state()};
}

}  // namespace

SbiResult hart_state(TaeVcpu& vcpu, const SbiCall& call) {
  switch (call.function) {
    case hsm_hart_start:
      return hart_start(vcpu, call.args[0], call.args[1], call.args[2]);
    case hsm_hart_stop:
      vcpu.mailbox().set_hsm_state(hsm_state_stopped);
      vcpu.park();
      return {success, 0, false, ExitAction::idle()};
    case hsm_hart_get_status:
      return hart_status(vcpu, call.args[0]);
    default:
      return {err_not_supported, 0};
  }
}

}  // namespace gh::tae::sbi
