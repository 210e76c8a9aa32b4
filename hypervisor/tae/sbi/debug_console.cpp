// SBI DBCN: the debug console (write a buffer, read, write one byte).
#include "riscv/sbi.hpp"
#include "tae/sbi/sbi.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::tae::sbi {

using namespace riscv::sbi;

namespace {

SbiResult console_write(TaeVcpu& vcpu, uint64_t length, uint64_t gpa, uint64_t gpa_high) {
  if (gpa_high != 0) return {err_invalid_param, 0};
  GuestRam& ram = vcpu.vm().ram();
  for (uint64_t i = 0; i < length; ++i) {
    auto byte = ram.read_byte(gpa + i);
    if (!byte) return {i == 0 ? err_invalid_param : success, i};
    vcpu.vm().hooks().console_write(static_cast<char>(*byte));
  }
  return {success, length};
}

SbiResult console_read(TaeVcpu& vcpu, uint64_t length, uint64_t gpa, uint64_t gpa_high) {
  if (gpa_high != 0) return {err_invalid_param, 0};
  uint64_t count = 0;
  while (count < length) {
    auto byte = vcpu.vm().hooks().console_read();
    if (!byte) break;
    if (!vcpu.vm().ram().write(gpa + count, 1, *byte)) {
      return {count == 0 ? err_invalid_param : success, count};
    }
    ++count;
  }
  return {success, count};
}

}  // namespace

SbiResult debug_console(TaeVcpu& vcpu, const SbiCall& call) {
  switch (call.function) {
    case dbcn_console_write:
      return console_write(vcpu, call.args[0], call.args[1], call.args[2]);
    case dbcn_console_read:
      return console_read(vcpu, call.args[0], call.args[1], call.args[2]);
    case dbcn_console_write_byte:
      vcpu.vm().hooks().console_write(static_cast<char>(call.args[0] & 0xFF));
      return {success, 0};
    default:
      return {err_not_supported, 0};
  }
}

}  // namespace gh::tae::sbi
