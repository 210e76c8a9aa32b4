#include "vmm/vcpu_loop.hpp"

#include "riscv/trap_names.hpp"
#include "vmm/arch.hpp"
#include "vmm/console.hpp"
#include "vmm/guest_sbi.hpp"
#include "vmm/page_pool.hpp"
#include "vmm/page_tables.hpp"
#include "vmm/power.hpp"
#include "vmm/trap_outcome.hpp"

extern "C" char trampoline_start[];
extern "C" char trampoline_guest_trap[];
extern "C" char trampoline_enter_guest[];
extern "C" char vmm_fault_entry[];
extern "C" [[noreturn]] void vmm_guest_trap(gh::vmm::TrapFrame* frame);

namespace gh::vmm {
namespace {

using riscv::Exception;
using riscv::Privilege;

uint64_t window_address(const char* symbol) {
  return GH_WINDOW_TRAMPOLINE_VA + static_cast<uint64_t>(symbol - trampoline_start);
}

Vcpu& current_vcpu() {
  Vcpu* vcpu;
  asm volatile("mv %0, tp" : "=r"(vcpu));
  return *vcpu;
}

// The instruction bits at the guest's pc (16 or 32 bits), or 0 when unreadable.
uint32_t fetch_guest_instruction(const Vcpu& vcpu) {
  const GuestRam& ram = vcpu.vm->ram;
  uint64_t pc = vcpu.frame->pc;
  if (!ram.contains(pc, 2)) return 0;
  const uint8_t* p = ram.host(pc);
  uint32_t low = p[0] | (uint32_t{p[1]} << 8);
  if ((low & 3) != 3) return low;
  if (!ram.contains(pc + 2, 2)) return 0;
  return low | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

uint64_t instruction_length(uint32_t bits) { return (bits & 3) == 3 ? 4 : 2; }

[[noreturn]] void stop_guest(Vcpu& vcpu, const char* reason, uint64_t cause, uint64_t tval) {
  uint32_t insn = fetch_guest_instruction(vcpu);
  {
    ConsoleLine line;
    line.out()
        .str("vcpu ")
        .dec(vcpu.index)
        .str(" stopped: ")
        .str(reason)
        .str(": cause ")
        .dec(cause & ~riscv::cause_interrupt_flag)
        .str(" (")
        .str(riscv::cause_name(cause))
        .str(") pc ")
        .hex(vcpu.frame->pc)
        .str(" tval ")
        .hex(tval)
        .str(" insn ")
        .hex_fixed(insn, (insn & 3) == 3 ? 8 : 4)
        .str(" mode ")
        .chr(riscv::privilege_letter(vcpu.mode));
  }
  power_off(exit_guest_stopped);
}

TrapOutcome handle_exit(Vcpu& vcpu, uint64_t cause, uint64_t /*tval*/) {
  if (cause == static_cast<uint64_t>(Exception::ecall_from_u) &&
      vcpu.mode == Privilege::supervisor) {
    return handle_guest_sbi_call(vcpu);
  }
  return TrapOutcome::stop("not emulated yet");
}

}  // namespace

bool prepare_vcpu(Vm& vm, Vcpu& vcpu, uint64_t stack_top) {
  uint64_t frame_pa = page_pool().allocate();
  uint64_t root = page_pool().allocate();
  if (frame_pa == 0 || root == 0 || !map_window(root, frame_pa)) return false;
  constexpr uint64_t guest_rwx =
      riscv::pte::r | riscv::pte::w | riscv::pte::x | riscv::pte::u | riscv::pte::a | riscv::pte::d;
  if (!map_megapages(root, GuestRam::gpa_base, vm.ram.hpa_base, vm.ram.size, guest_rwx)) {
    return false;
  }
  vcpu.vm = &vm;
  vcpu.frame = reinterpret_cast<TrapFrame*>(frame_pa);
  vcpu.shadow_satp = riscv::satp::make(riscv::satp::mode_sv39, 0, root);
  TrapFrame& f = *vcpu.frame;
  f.vmm_satp = vm.vmm_satp;
  f.vmm_sp = stack_top;
  f.vmm_tp = reinterpret_cast<uint64_t>(&vcpu);
  f.vmm_handler = reinterpret_cast<uint64_t>(&vmm_guest_trap);
  f.vmm_stvec = reinterpret_cast<uint64_t>(vmm_fault_entry);
  f.self = frame_pa;
  f.guest_stvec = window_address(trampoline_guest_trap);
  return true;
}

void run_vcpu(Vcpu& vcpu) {
  asm volatile("mv tp, %0" ::"r"(&vcpu));
  // Return to host U-mode with the guest's FP state usable.
  GH_CSR_CLEAR(sstatus, riscv::mstatus::spp);
  GH_CSR_SET(sstatus, riscv::mstatus::fs);
  using EnterGuest = void (*)(uint64_t, uint64_t);
  auto enter = reinterpret_cast<EnterGuest>(window_address(trampoline_enter_guest));
  enter(GH_WINDOW_FRAME_VA, vcpu.shadow_satp);
  __builtin_unreachable();
}

}  // namespace gh::vmm

extern "C" void vmm_guest_trap(gh::vmm::TrapFrame* /*frame*/) {
  using namespace gh::vmm;
  Vcpu& vcpu = current_vcpu();
  uint64_t cause = GH_CSR_READ(scause);
  uint64_t tval = GH_CSR_READ(stval);
  ++vcpu.exits;
  TrapOutcome outcome = handle_exit(vcpu, cause, tval);
  switch (outcome.kind) {
    case TrapOutcome::Kind::advance:
      vcpu.frame->pc += instruction_length(fetch_guest_instruction(vcpu));
      break;
    case TrapOutcome::Kind::resume:
      break;
    case TrapOutcome::Kind::stop:
      stop_guest(vcpu, outcome.reason, cause, tval);
    case TrapOutcome::Kind::power_off:
      ConsoleLine()
          .out()
          .str("guest powered off (status ")
          .dec(outcome.code)
          .str(") after ")
          .dec(vcpu.exits)
          .str(" exits on vcpu ")
          .dec(vcpu.index);
      power_off(outcome.code);
  }
  run_vcpu(vcpu);
}
