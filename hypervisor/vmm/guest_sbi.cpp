#include "vmm/guest_sbi.hpp"

#include "riscv/sbi.hpp"
#include "vmm/console.hpp"

namespace gh::vmm {
namespace {

using namespace riscv::sbi;

constexpr int reg_a0 = 10, reg_a1 = 11, reg_a2 = 12, reg_a6 = 16, reg_a7 = 17;

struct SbiReturn {
  int64_t error;
  uint64_t value;
};

bool extension_available(uint64_t extension) {
  switch (extension) {
    case ext_base:
    case ext_srst:
    case ext_dbcn:
    case ext_legacy_console_putchar:
    case ext_legacy_console_getchar:
    case ext_legacy_shutdown:
      return true;
    default:
      return false;
  }
}

SbiReturn base_call(uint64_t function, uint64_t arg0) {
  switch (function) {
    case base_get_spec_version:
      return {success, spec_version};
    case base_get_impl_id:
      return {success, glasshouse_impl_id};
    case base_get_impl_version:
      return {success, 1};
    case base_probe_extension:
      return {success, extension_available(arg0) ? 1u : 0u};
    case base_get_mvendorid:
    case base_get_marchid:
    case base_get_mimpid:
      return {success, 0};
    default:
      return {err_not_supported, 0};
  }
}

SbiReturn debug_console_call(Vcpu& vcpu, uint64_t function, const uint64_t* x) {
  if (function == dbcn_console_write_byte) {
    console().guest_put(static_cast<char>(x[reg_a0] & 0xFF));
    return {success, 0};
  }
  if (function == dbcn_console_write) {
    uint64_t length = x[reg_a0];
    uint64_t gpa = x[reg_a1];  // RV64: the whole address is in base_addr_lo
    if (x[reg_a2] != 0 || !vcpu.vm->ram.contains(gpa, length)) return {err_invalid_param, 0};
    const uint8_t* bytes = vcpu.vm->ram.host(gpa);
    for (uint64_t i = 0; i < length; ++i) console().guest_put(static_cast<char>(bytes[i]));
    return {success, length};
  }
  if (function == dbcn_console_read) return {success, 0};
  return {err_not_supported, 0};
}

}  // namespace

TrapOutcome handle_guest_sbi_call(Vcpu& vcpu) {
  uint64_t* x = vcpu.frame->x;
  uint64_t extension = x[reg_a7];
  uint64_t function = x[reg_a6];
  SbiReturn result{err_not_supported, 0};
  switch (extension) {
    case ext_legacy_console_putchar:
      console().guest_put(static_cast<char>(x[reg_a0] & 0xFF));
      x[reg_a0] = 0;
      return TrapOutcome::advance();
    case ext_legacy_console_getchar:
      x[reg_a0] = static_cast<uint64_t>(-1);
      return TrapOutcome::advance();
    case ext_legacy_shutdown:
      return TrapOutcome::power_off(0);
    case ext_base:
      result = base_call(function, x[reg_a0]);
      break;
    case ext_dbcn:
      result = debug_console_call(vcpu, function, x);
      break;
    case ext_srst:
      if (function == srst_system_reset && x[reg_a0] == srst_shutdown) {
        return TrapOutcome::power_off(x[reg_a1] == srst_reason_none ? 0 : 1);
      }
      if (function == srst_system_reset && x[reg_a0] <= srst_warm_reboot) {
        return TrapOutcome::stop("the guest asked for a reboot (SBI SRST), not supported yet");
      }
      result = {err_invalid_param, 0};
      break;
    default:
      break;
  }
  x[reg_a0] = static_cast<uint64_t>(result.error);
  x[reg_a1] = result.value;
  return TrapOutcome::advance();
}

}  // namespace gh::vmm
