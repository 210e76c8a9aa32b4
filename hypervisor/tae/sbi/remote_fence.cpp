// SBI RFENCE: remote fence.i and sfence.vma. Instruction caches need nothing (the host
// keeps them coherent for us); address-translation fences drop the targets' shadows.
#include "riscv/sbi.hpp"
#include "tae/sbi/sbi.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::tae::sbi {

using namespace riscv::sbi;

SbiResult remote_fence(TaeVcpu& vcpu, const SbiCall& call) {
  switch (call.function) {
    case rfence_remote_fence_i:
      return {post_to_harts(vcpu, call.args[0], call.args[1], 0), 0};
    case rfence_remote_sfence_vma:
    case rfence_remote_sfence_vma_asid:
      return {post_to_harts(vcpu, call.args[0], call.args[1], VcpuMailbox::flush_translations), 0};
    default:
      return {err_not_supported, 0};
  }
}

}  // namespace gh::tae::sbi
