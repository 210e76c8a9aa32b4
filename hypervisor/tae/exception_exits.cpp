// TaeVcpu: what each kind of guest exception means under trap-and-emulate.
//  - illegal instruction: a privileged instruction to emulate (or a real one to reflect)
//  - page faults: a shadow miss to fill, an MMIO access to emulate, or a guest fault
//  - ecall: the SBI (S-mode boot) or the guest's own handler
//  - anything else happened to the guest as on hardware: reflect it unchanged
#include "riscv/decode_helpers.hpp"
#include "tae/sbi/sbi.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::tae {

using riscv::Exception;
using riscv::Privilege;

ExitAction TaeVcpu::handle_exception(Exception cause, uint64_t tval) {
  switch (cause) {
    case Exception::illegal_instruction:
      return handle_illegal_instruction(tval);
    case Exception::instruction_page_fault:
      return handle_page_fault(mmu::AccessType::fetch, tval);
    case Exception::load_page_fault:
      return handle_page_fault(mmu::AccessType::load, tval);
    case Exception::store_page_fault:
      return handle_page_fault(mmu::AccessType::store, tval);
    case Exception::ecall_from_u:
      return handle_ecall();
    case Exception::store_misaligned:
      return handle_store_misaligned(tval);
    default:
      return deliver_exception(cause, tval);
  }
}

std::optional<riscv::Instruction> TaeVcpu::fetch_instruction() {
  auto fetch_parcel = [this](uint64_t gva) -> std::optional<uint16_t> {
    auto context = mmu::translation_context(hart_.privilege(), hart_.mstatus(), hart_.satp(),
                                            mmu::AccessType::fetch);
    mmu::Walk walk = mmu::walk_guest_page_table(context, gva, mmu::AccessType::fetch,
                                                vm_.walker_memory(), {false, nullptr});
    if (!walk.ok()) return std::nullopt;
    auto bits = vm_.ram().read(walk.gpa, 2);
    if (!bits) return std::nullopt;
    return static_cast<uint16_t>(*bits);
  };
  auto low = fetch_parcel(state_.pc);
  if (!low) return std::nullopt;
  uint32_t bits = *low;
  if (riscv::instruction_length(*low) == 4) {
    auto high = fetch_parcel(state_.pc + 2);
    if (!high) return std::nullopt;
    bits |= uint32_t{*high} << 16;
  }
  trap_instruction_ = bits;
  return riscv::decode(bits);
}

// The hart reports the faulting instruction's bits in tval (QEMU does): decoding them
// spares two walks of the guest's page tables. tval 0 means "not reported": fetch it.
std::optional<riscv::Instruction> TaeVcpu::reported_instruction(uint64_t tval) {
  if (tval == 0) return fetch_instruction();
  const auto low = static_cast<uint16_t>(tval);
  const uint32_t bits = riscv::instruction_length(low) == 4 ? static_cast<uint32_t>(tval) : low;
  trap_instruction_ = bits;
  return riscv::decode(bits);
}

ExitAction TaeVcpu::handle_illegal_instruction(uint64_t tval) {
  auto insn = reported_instruction(tval);
  if (!insn) return ExitAction::resume();  // the guest changed its mapping: run it again
  ++counters_.emulated_instructions;
  const uint64_t pc = state_.pc;
  const uint64_t old_satp = hart_.satp();
  ExitAction action = apply(hart_.execute(*insn, state_.x), insn->length);
  if (hart_.satp() != old_satp) {
    events_.csr_write(riscv::csr_number(riscv::Csr::satp), old_satp, hart_.satp(), pc);
  }
  return action;
}

bool TaeVcpu::same_fault_again(uint64_t gva) {
  if (state_.pc == last_fault_pc_ && gva == last_fault_gva_) return ++repeated_faults_ > 8;
  last_fault_pc_ = state_.pc;
  last_fault_gva_ = gva;
  repeated_faults_ = 0;
  return false;
}

ExitAction TaeVcpu::handle_page_fault(mmu::AccessType access, uint64_t gva) {
  if (access != mmu::AccessType::fetch && mmu::mprv_in_effect(hart_.privilege(), hart_.mstatus())) {
    return emulate_data_access(access, gva);
  }
  auto context = mmu::translation_context(hart_.privilege(), hart_.mstatus(), hart_.satp(), access);
  mmu::Walk walk =
      mmu::walk_guest_page_table(context, gva, access, vm_.walker_memory(), {true, &events_});
  if (!walk.ok()) return deliver_exception(*walk.exception(), gva);
  if (walk.region.kind == mmu::RegionKind::mmio) {
    if (access == mmu::AccessType::fetch) {
      return deliver_exception(Exception::instruction_access_fault, gva);
    }
    return emulate_mmio(walk);
  }
  uint64_t withheld = 0;
  if (debug_ != nullptr) {
    const DebugHook::FillDecision decision = debug_->before_shadow_fill(*this, walk);
    switch (decision.kind) {
      case DebugHook::FillDecision::Kind::install:
        withheld = decision.withheld;
        break;
      case DebugHook::FillDecision::Kind::handled:
        return ExitAction::resume();
      case DebugHook::FillDecision::Kind::stopped:
        handled_by_ = events::HandledBy::gdb;
        return ExitAction::idle();
    }
  }
  if (same_fault_again(gva)) {
    return stop("the shadow page table does not take (hypervisor bug)",
                static_cast<uint64_t>(mmu::page_fault_cause(access)), gva);
  }
  // Superpages only while the debugger keeps no page out of the shadow.
  const bool small_pages = withheld != 0 || (debug_ != nullptr && debug_->restricts_shadow());
  const unsigned max_level = small_pages ? 0 : 2;
  mmu::ShadowStatus status =
      mmu_.install(walk, mmu::shadow_view(hart_.privilege(), hart_.mstatus()), withheld, max_level);
  if (status == mmu::ShadowStatus::va_in_hypervisor_window && access != mmu::AccessType::fetch) {
    return emulate_data_access(access, gva);  // the guest's mapping, one access at a time
  }
  if (status != mmu::ShadowStatus::ok) {
    return stop(mmu::shadow_status_name(status),
                static_cast<uint64_t>(mmu::page_fault_cause(access)), gva);
  }
  ++counters_.shadow_fills;
  handled_by_ = events::HandledBy::shadow_fill;
  return ExitAction::resume();
}

// QEMU 7.2 checks a misaligned AMO as a load on a one-hart machine (serial TCG: a load,
// then a store) and as a store on several. The host always has several harts.
ExitAction TaeVcpu::handle_store_misaligned(uint64_t tval) {
  if (vm_.config().vcpus == 1) {
    auto insn = fetch_instruction();
    if (insn && insn->opcode == riscv::Opcode::amo) {
      return deliver_exception(Exception::load_misaligned, tval);
    }
  }
  return deliver_exception(Exception::store_misaligned, tval);
}

ExitAction TaeVcpu::handle_ecall() {
  Privilege mode = hart_.privilege();
  if (mode == Privilege::supervisor && vm_.config().boot == core::BootStyle::supervisor) {
    ++counters_.sbi_calls;
    handled_by_ = events::HandledBy::sbi;
    return sbi::handle_call(*this);
  }
  Exception cause = mode == Privilege::user         ? Exception::ecall_from_u
                    : mode == Privilege::supervisor ? Exception::ecall_from_s
                                                    : Exception::ecall_from_m;
  return deliver_exception(cause, 0);
}

ExitAction TaeVcpu::emulate_mmio(const mmu::Walk& walk) {
  auto insn = fetch_instruction();
  if (!insn) return ExitAction::resume();
  devices::MmioDevice* device = vm_.device(walk.region.device);
  bool is_load = insn->opcode == riscv::Opcode::load;
  bool is_store = insn->opcode == riscv::Opcode::store;
  Exception fault = walk.access == mmu::AccessType::load ? Exception::load_access_fault
                                                         : Exception::store_access_fault;
  if (device == nullptr || !(is_load || is_store)) return deliver_exception(fault, walk.gva);
  ++counters_.mmio_accesses;
  handled_by_ = events::HandledBy::mmio;
  core::LockGuard guard(vm_.device_lock());
  if (is_load) {
    auto value = device->read(walk.region.offset, insn->width);
    if (!value) return deliver_exception(fault, walk.gva);
    if (insn->rd != 0)
      state_.x[insn->rd] = riscv::extend_load(*value, insn->width, insn->is_signed);
  } else {
    uint64_t value = riscv::truncate_store(state_.x[insn->rs2], insn->width);
    if (!device->write(walk.region.offset, insn->width, value)) {
      return deliver_exception(fault, walk.gva);
    }
  }
  state_.pc += insn->length;
  uint32_t code = 0;
  switch (vm_.take_power_request(code)) {
    case PowerRequest::power_off:
      return ExitAction::power_off(code);
    case PowerRequest::reset:
      return ExitAction::reset();
    case PowerRequest::none:
      break;
  }
  return ExitAction::resume();
}

}  // namespace gh::tae
