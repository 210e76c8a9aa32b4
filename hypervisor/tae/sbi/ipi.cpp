// SBI IPI: a supervisor software interrupt on other vCPUs.
#include "riscv/sbi.hpp"
#include "tae/sbi/sbi.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::tae::sbi {

using namespace riscv::sbi;

SbiResult ipi(TaeVcpu& vcpu, const SbiCall& call) {
  if (call.function != ipi_send_ipi) return {err_not_supported, 0};
  return {post_to_harts(vcpu, call.args[0], call.args[1], VcpuMailbox::raise_supervisor_software),
          0};
}

}  // namespace gh::tae::sbi
