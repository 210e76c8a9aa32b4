// SBI BASE: versions, implementation and extension probing.
#include "riscv/sbi.hpp"
#include "tae/sbi/sbi.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::tae::sbi {

using namespace riscv::sbi;

SbiResult base(TaeVcpu& vcpu, const SbiCall& call) {
  const vcpu::HartConfig& hart = vcpu.hart().config();
  switch (call.function) {
    case base_get_spec_version:
      return {success, spec_version};
    case base_get_impl_id:
      return {success, glasshouse_impl_id};
    case base_get_impl_version:
      return {success, 1};
    case base_probe_extension:
      return {success, is_available(call.args[0]) ? 1u : 0u};
    case base_get_mvendorid:
      return {success, hart.mvendorid};
    case base_get_marchid:
      return {success, hart.marchid};
    case base_get_mimpid:
      return {success, hart.mimpid};
    default:
      return {err_not_supported, 0};
  }
}

}  // namespace gh::tae::sbi
