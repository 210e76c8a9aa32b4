// SBI TIME: set_timer programs the vCPU's supervisor timer.
#include "riscv/sbi.hpp"
#include "tae/sbi/sbi.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::tae::sbi {

using namespace riscv::sbi;

SbiResult timer(TaeVcpu& vcpu, const SbiCall& call) {
  if (call.function != time_set_timer) return {err_not_supported, 0};
  vcpu.hart().set_sbi_timer(call.args[0]);
  return {success, 0};
}

}  // namespace gh::tae::sbi
