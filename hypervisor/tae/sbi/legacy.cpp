// SBI v0.1 legacy extensions (0x00..0x08): each returns only a0.
#include "riscv/sbi.hpp"
#include "tae/sbi/sbi.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::tae::sbi {

using namespace riscv::sbi;

namespace {

// Legacy IPI and fence calls take the hart mask by (virtual) address.
std::optional<uint64_t> read_hart_mask(TaeVcpu& vcpu, uint64_t gva) {
  if (gva == 0) return ~0ull;  // all harts
  vcpu::VirtualHart& hart = vcpu.hart();
  auto context = mmu::translation_context(hart.privilege(), hart.mstatus(), hart.satp(),
                                          mmu::AccessType::load);
  mmu::Walk walk = mmu::walk_guest_page_table(context, gva, mmu::AccessType::load,
                                              vcpu.vm().walker_memory(), {false, nullptr});
  if (!walk.ok()) return std::nullopt;
  return vcpu.vm().ram().read(walk.gpa, 8);
}

SbiResult legacy_to_harts(TaeVcpu& vcpu, uint64_t mask_gva, uint32_t request) {
  auto mask = read_hart_mask(vcpu, mask_gva);
  if (!mask) return {err_invalid_address, 0, true};
  return {post_to_harts(vcpu, *mask, 0, request), 0, true};
}

}  // namespace

SbiResult legacy(TaeVcpu& vcpu, const SbiCall& call) {
  const uint64_t arg = call.args[0];
  switch (call.extension) {
    case ext_legacy_set_timer:
      vcpu.hart().set_sbi_timer(arg);
      return {success, 0, true};
    case ext_legacy_console_putchar:
      vcpu.vm().hooks().console_write(static_cast<char>(arg & 0xFF));
      return {success, 0, true};
    case ext_legacy_console_getchar: {
      auto byte = vcpu.vm().hooks().console_read();
      return {byte ? static_cast<int64_t>(*byte) : -1, 0, true};
    }
    case ext_legacy_clear_ipi:
      (void)vcpu.hart().write_csr(riscv::csr_number(riscv::Csr::mip), 0,
                                  riscv::interrupt_bit(riscv::Interrupt::supervisor_software));
      return {success, 0, true};
    case ext_legacy_send_ipi:
      return legacy_to_harts(vcpu, arg, VcpuMailbox::raise_supervisor_software);
    case ext_legacy_remote_fence_i:
      return legacy_to_harts(vcpu, arg, 0);
    case ext_legacy_remote_sfence_vma:
    case ext_legacy_remote_sfence_vma_asid:
      return legacy_to_harts(vcpu, arg, VcpuMailbox::flush_translations);
    case ext_legacy_shutdown:
      return {success, 0, true, ExitAction::power_off(0)};
    default:
      return {err_not_supported, 0, true};
  }
}

}  // namespace gh::tae::sbi
