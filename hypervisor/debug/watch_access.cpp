// VcpuHold::before_shadow_fill: accesses to pages that hold a watchpoint. The page stays
// out of the shadow, so each access exits: one that touches a watched range stops the
// vCPU before the instruction runs; any other integer load or store is emulated here.
#include "debug/vcpu_hold.hpp"
#include "riscv/decode_helpers.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::debug {
namespace {

using FillDecision = tae::DebugHook::FillDecision;

constexpr uint64_t page_size = 4096;

gdbstub::StopReason reason_for(gdbstub::BreakpointType type) {
  switch (type) {
    case gdbstub::BreakpointType::read_watch:
      return gdbstub::StopReason::rwatch;
    case gdbstub::BreakpointType::access_watch:
      return gdbstub::StopReason::awatch;
    default:
      return gdbstub::StopReason::watch;
  }
}

// The access the instruction makes, done on guest RAM as the hart would. False when it
// is not a plain integer load or store within the page (AMO, LR/SC, FP).
bool emulate_ram_access(tae::TaeVcpu& vcpu, const riscv::Instruction& insn, const mmu::Walk& walk) {
  const bool load = insn.opcode == riscv::Opcode::load;
  if (!load && insn.opcode != riscv::Opcode::store) return false;
  if (insn.width == 0 || (walk.gpa % page_size) + insn.width > page_size) return false;
  tae::GuestCpuState& state = vcpu.state();
  tae::GuestRam& ram = vcpu.vm().ram();
  if (load) {
    auto value = ram.read(walk.gpa, insn.width);
    if (!value) return false;
    if (insn.rd != 0) state.x[insn.rd] = riscv::extend_load(*value, insn.width, insn.is_signed);
  } else if (!ram.write(walk.gpa, insn.width,
                        riscv::truncate_store(state.x[insn.rs2], insn.width))) {
    return false;
  }
  state.pc += insn.length;
  return true;
}

}  // namespace

FillDecision VcpuHold::before_shadow_fill(tae::TaeVcpu& vcpu, const mmu::Walk& walk) {
  if (watches_.empty() || !watches_.on_page(walk.gpa)) return FillDecision::install;
  auto insn = walk.access == mmu::AccessType::fetch ? std::nullopt : vcpu.fetch_instruction();
  if (insn) {
    const unsigned size = insn->width != 0 ? insn->width : 1;
    if (auto watch = watches_.triggered_by(walk.gpa, size, walk.access)) {
      park_with(slots_[vcpu.index()], reason_for(watch->type), watch->gva);
      return FillDecision::stopped;
    }
    if (emulate_ram_access(vcpu, *insn, walk)) return FillDecision::emulated;
  }
  // Code, an AMO or an FP access on a watched page: map it, and drop it again at the
  // vCPU's next exit (accesses until then are not watched).
  Slot& slot = slots_[vcpu.index()];
  slot.exposed_watch_page = true;
  slot.exposed_at_exit = vcpu.counters().exits;
  return FillDecision::install;
}

}  // namespace gh::debug
