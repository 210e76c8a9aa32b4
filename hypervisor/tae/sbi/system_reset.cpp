// SBI SRST: shutdown, cold and warm reboot.
#include "riscv/sbi.hpp"
#include "tae/sbi/sbi.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::tae::sbi {

using namespace riscv::sbi;

SbiResult system_reset(TaeVcpu&, const SbiCall& call) {
  if (call.function != srst_system_reset) return {err_not_supported, 0};
  uint64_t type = call.args[0];
  uint64_t reason = call.args[1];
  if (type > srst_warm_reboot || (reason > srst_reason_system_failure && reason < 0xF0000000)) {
    return {err_invalid_param, 0};
  }
  if (type == srst_shutdown) {
    return {success, 0, false, ExitAction::power_off(reason == srst_reason_none ? 0 : 1)};
  }
  return {success, 0, false, ExitAction::reset()};
}

}  // namespace gh::tae::sbi
