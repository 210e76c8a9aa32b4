// TaeVcpu: loads, stores and AMOs the hypervisor performs for the guest, one at a time:
// those of virtual M-mode while mstatus.MPRV=1 and MPP is below M (they translate and
// check permissions as MPP's mode would; instruction fetches do not), and the guest's
// accesses to its own mappings of the hypervisor's reserved window (no shadow can map
// them; fetches there stop the vCPU).
// The vCPU then runs on a shadow that maps its untranslated code execute-only
// (mmu::ShadowView::fetch_only), so each such access exits and is done here through the
// guest's own page table, as QEMU 7.2 does it (A/D updates, faults taken in M, misaligned
// accesses split at the page boundary). Not emulated (the vCPU stops with a diagnostic):
// floating-point loads and stores (the hypervisor never touches the guest's FP registers)
// and LR/SC; AMOs on device memory raise an access fault.
#include "riscv/decode_helpers.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::tae {

using riscv::Exception;
using riscv::Opcode;

namespace {

constexpr uint64_t page_size = 4096;

bool crosses_page(uint64_t gva, unsigned width) {
  return width > 1 && gva % page_size + width > page_size;
}

}  // namespace

// Translates the `width` bytes at `gva` for `access`: walks[0] for the first page, walks[1]
// for the second when the access crosses a page. A fault's tval is, as in QEMU 7.2, the
// address itself on the first page and the start of the second page on the second.
std::optional<Exception> TaeVcpu::translate_data(uint64_t gva, unsigned width,
                                                 mmu::AccessType access, mmu::Walk (&walks)[2],
                                                 uint64_t& tval) {
  auto context = mmu::translation_context(hart_.privilege(), hart_.mstatus(), hart_.satp(), access);
  const uint64_t second = (gva | (page_size - 1)) + 1;
  const bool crosses = crosses_page(gva, width);
  const uint64_t addresses[2] = {gva, second};
  for (unsigned i = 0; i < (crosses ? 2u : 1u); ++i) {
    walks[i] = mmu::walk_guest_page_table(context, addresses[i], access, vm_.walker_memory(),
                                          {true, &events_});
    if (!walks[i].ok()) {
      tval = addresses[i];
      return walks[i].exception();
    }
  }
  if (!crosses) walks[1] = walks[0];
  return std::nullopt;
}

ExitAction TaeVcpu::emulate_data_access(mmu::AccessType faulted, uint64_t gva) {
  auto insn = fetch_instruction();
  if (!insn) return ExitAction::resume();
  const uint64_t cause = static_cast<uint64_t>(mmu::page_fault_cause(faulted));
  switch (insn->opcode) {
    case Opcode::load:
    case Opcode::store:
    case Opcode::amo:
      break;
    case Opcode::lr:
    case Opcode::sc:
      // The host's own SC fails without an exit when the host holds no reservation, so
      // an emulated LR could never be paired with its SC.
      return stop("LR/SC on an emulated access (MPRV, the hypervisor's window) is not emulated",
                  cause, gva);
    case Opcode::fp_load:
    case Opcode::fp_store:
      return stop(
          "an FP load or store on an emulated access (MPRV, the hypervisor's window) is not "
          "emulated",
          cause, gva);
    default:
      return stop("an emulated access fault without a memory access", cause, gva);
  }
  ++counters_.emulated_instructions;
  const uint64_t address = state_.x[insn->rs1] + static_cast<uint64_t>(insn->imm);
  if (insn->opcode == Opcode::amo) return emulate_mprv_amo(*insn, address);
  const mmu::AccessType access =
      insn->opcode == Opcode::load ? mmu::AccessType::load : mmu::AccessType::store;
  mmu::Walk walks[2];
  uint64_t tval = 0;
  if (auto fault = translate_data(address, insn->width, access, walks, tval)) {
    return deliver_exception(*fault, tval);
  }
  if (walks[0].region.kind == mmu::RegionKind::mmio) return emulate_mmio(walks[0]);
  const uint64_t second_gpa = crosses_page(address, insn->width) ? walks[1].gpa : 0;
  if (!mprv_plain(*insn, walks[0].gpa, second_gpa)) {
    return deliver_exception(access == mmu::AccessType::load ? Exception::load_access_fault
                                                             : Exception::store_access_fault,
                             address);
  }
  state_.pc += insn->length;
  return ExitAction::resume();
}

// QEMU 7.2 does an AMO as a load and then a store on a one-hart machine (serial TCG): a
// misaligned or unreadable address faults as a load. With more harts it is one access
// checked as a store.
ExitAction TaeVcpu::emulate_mprv_amo(const riscv::Instruction& insn, uint64_t address) {
  const bool serial = vm_.config().vcpus == 1;
  if (address % insn.width != 0) {
    return deliver_exception(serial ? Exception::load_misaligned : Exception::store_misaligned,
                             address);
  }
  mmu::Walk walks[2];
  uint64_t tval = 0;
  if (serial) {
    if (auto fault = translate_data(address, insn.width, mmu::AccessType::load, walks, tval)) {
      return deliver_exception(*fault, tval);
    }
  }
  if (auto fault = translate_data(address, insn.width, mmu::AccessType::store, walks, tval)) {
    return deliver_exception(*fault, tval);
  }
  if (walks[0].region.kind != mmu::RegionKind::ram || !mprv_amo(insn, walks[0].gpa)) {
    return deliver_exception(Exception::store_access_fault, address);
  }
  state_.pc += insn.length;
  return ExitAction::resume();
}

// A load or store on RAM; `second_gpa` is where the bytes past the first page go (0: none).
bool TaeVcpu::mprv_plain(const riscv::Instruction& insn, uint64_t gpa, uint64_t second_gpa) {
  const unsigned first =
      second_gpa == 0 ? insn.width : static_cast<unsigned>(page_size - gpa % page_size);
  GuestRam& ram = vm_.ram();
  if (insn.opcode == Opcode::load) {
    std::optional<uint64_t> low = ram.read(gpa, first), high = uint64_t{0};
    if (first < insn.width) high = ram.read(second_gpa, insn.width - first);
    if (!low || !high) return false;
    const uint64_t raw = *low | (first < 8 ? *high << (8 * first) : 0);
    if (insn.rd != 0) state_.x[insn.rd] = riscv::extend_load(raw, insn.width, insn.is_signed);
    return true;
  }
  const uint64_t value = riscv::truncate_store(state_.x[insn.rs2], insn.width);
  if (first < insn.width && ram.read(second_gpa, insn.width - first) == std::nullopt) return false;
  if (!ram.write(gpa, first, value)) return false;
  return first == insn.width || ram.write(second_gpa, insn.width - first, value >> (8 * first));
}

// An AMO on RAM, atomic against the other vCPUs.
bool TaeVcpu::mprv_amo(const riscv::Instruction& insn, uint64_t gpa) {
  GuestRam& ram = vm_.ram();
  std::optional<uint64_t> old = ram.read(gpa, insn.width);
  if (!old) return false;
  for (;;) {
    const uint64_t next = riscv::amo_apply(insn.amo_op, *old, state_.x[insn.rs2], insn.width);
    std::optional<uint64_t> found = ram.compare_exchange(gpa, insn.width, *old, next);
    if (!found) return false;
    if (*found == *old) break;
    old = found;
  }
  if (insn.rd != 0) state_.x[insn.rd] = riscv::extend_load(*old, insn.width, true);
  return true;
}

}  // namespace gh::tae
