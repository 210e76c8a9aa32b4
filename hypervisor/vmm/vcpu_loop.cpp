#include "vmm/vcpu_loop.hpp"

#include <new>

#include "riscv/sbi.hpp"
#include "riscv/trap_names.hpp"
#include "vmm/arch.hpp"
#include "vmm/console.hpp"
#include "vmm/machine_hooks.hpp"
#include "vmm/page_pool.hpp"
#include "vmm/page_tables.hpp"
#include "vmm/power.hpp"
#include "vmm/sbi_host.hpp"
#include "vmm/service_hart.hpp"
#include "vmm/stats.hpp"

extern "C" char trampoline_start[];
extern "C" char trampoline_guest_trap[];
extern "C" char trampoline_enter_guest[];
extern "C" char vmm_fault_entry[];
extern "C" [[noreturn]] void vmm_guest_trap(gh::vmm::TrapFrame* frame);

namespace gh::vmm {
namespace {

using tae::ExitAction;

constexpr uint64_t host_interrupts = riscv::interrupt_bit(riscv::Interrupt::supervisor_timer) |
                                     riscv::interrupt_bit(riscv::Interrupt::supervisor_software);
constexpr uint64_t timer_off = ~0ull;

alignas(mmu::FixedPagePool) unsigned char pool_storage[core::GuestConfig::max_vcpus]
                                                      [sizeof(mmu::FixedPagePool)];
alignas(
    tae::TaeVcpu) unsigned char vcpu_storage[core::GuestConfig::max_vcpus][sizeof(tae::TaeVcpu)];

uint64_t window_address(const char* symbol) {
  return GH_WINDOW_TRAMPOLINE_VA + static_cast<uint64_t>(symbol - trampoline_start);
}

Vcpu& current_vcpu() {
  Vcpu* vcpu;
  asm volatile("mv %0, tp" : "=r"(vcpu));
  return *vcpu;
}

void set_host_timer(Vcpu& vcpu, uint64_t deadline) {
  if (deadline == vcpu.programmed_timer) return;
  sbi_host_call(riscv::sbi::ext_time, riscv::sbi::time_set_timer, deadline);
  vcpu.programmed_timer = deadline;
}

void program_host_timer(Vcpu& vcpu) {
  set_host_timer(vcpu, vcpu.tae->timer_deadline().value_or(timer_off));
}

// Takes this hart's own interrupts: a kick (software) or the timer.
void acknowledge_host_interrupts(Vcpu& vcpu) {
  uint64_t pending = GH_CSR_READ(sip);
  if (pending & riscv::interrupt_bit(riscv::Interrupt::supervisor_software)) {
    GH_CSR_CLEAR(sip, riscv::interrupt_bit(riscv::Interrupt::supervisor_software));
  }
  if (pending & riscv::interrupt_bit(riscv::Interrupt::supervisor_timer)) {
    vcpu.programmed_timer = 0;  // force the next program to reach the firmware
    set_host_timer(vcpu, timer_off);
  }
}

[[noreturn]] void report_stop(Vcpu& vcpu) {
  const tae::StopReport& r = vcpu.tae->stop_report();
  {
    ConsoleLine line;
    line.out()
        .str("vcpu ")
        .dec(vcpu.index)
        .str(" stopped: ")
        .str(r.reason)
        .str("; cause ")
        .dec(r.cause & ~riscv::cause_interrupt_flag)
        .str(" (")
        .str(riscv::cause_name(r.cause))
        .str(") pc ")
        .hex(r.pc)
        .str(" tval ")
        .hex(r.tval)
        .str(" insn ")
        .hex_fixed(r.instruction, (r.instruction & 3) == 3 ? 8 : 4)
        .str(" mode ")
        .chr(riscv::privilege_letter(r.mode));
  }
  vcpu.tae->events().lifecycle(events::LifecycleState::stopped, r.pc, exit_guest_stopped);
  power_off_after_events(exit_guest_stopped);
}

[[noreturn]] void finish(Vcpu& vcpu, const ExitAction& action) {
  if (action.kind == ExitAction::Kind::stop) report_stop(vcpu);
  if (action.kind == ExitAction::Kind::reset) {
    ConsoleLine()
        .out()
        .str("vcpu ")
        .dec(vcpu.index)
        .str(
            ": the guest asked for a reset, which "
            "is not supported yet");
    power_off_after_events(exit_guest_stopped);
  }
  const tae::ExitCounters& c = vcpu.tae->counters();
  ConsoleLine()
      .out()
      .str("guest powered off (status ")
      .dec(action.code)
      .str(") by vcpu ")
      .dec(vcpu.index)
      .str(" after ")
      .dec(c.exits)
      .str(" exits: ")
      .dec(c.emulated_instructions)
      .str(" emulated, ")
      .dec(c.shadow_fills)
      .str(" shadow fills, ")
      .dec(c.mmio_accesses)
      .str(" mmio, ")
      .dec(c.sbi_calls)
      .str(" sbi");
  if (the_vm().config.stats) print_stats(the_vm());
  vcpu.tae->events().lifecycle(events::LifecycleState::halted, vcpu.frame->guest.pc, action.code);
  power_off_after_events(action.code);
}

[[noreturn]] void enter_guest(Vcpu& vcpu) {
  program_host_timer(vcpu);
  // MXR stays 0 in host U-mode: execute-only shadow pages (the debugger's) must trap loads;
  // the guest's own MXR is applied through the shadow view.
  GH_CSR_CLEAR(sstatus, riscv::mstatus::spp | riscv::mstatus::fs | riscv::mstatus::mxr);
  // FS = Clean: the hart makes it Dirty if the guest writes an FP register, which the
  // next exit passes on to the guest's own mstatus.FS (exactly when the hardware would).
  if (vcpu.tae->fp_enabled()) GH_CSR_SET(sstatus, riscv::mstatus::fs_clean);
  vcpu.tae->arm_fast_exits(vcpu.frame->fast);
  using EnterGuest = void (*)(uint64_t, uint64_t);
  auto enter = reinterpret_cast<EnterGuest>(window_address(trampoline_enter_guest));
  enter(GH_WINDOW_FRAME_VA, vcpu.tae->host_satp());
  __builtin_unreachable();
}

// The vCPU waits (wfi, or stopped): sleep on this hart until something wakes it.
[[noreturn]] void idle(Vcpu& vcpu) {
  for (;;) {
    program_host_timer(vcpu);
    wait_for_interrupt();  // sstatus.SIE is 0: wakes on a pending interrupt without trapping
    acknowledge_host_interrupts(vcpu);
    ExitAction action = vcpu.tae->poll_idle();
    if (action.kind == ExitAction::Kind::resume) enter_guest(vcpu);
    if (action.kind != ExitAction::Kind::idle) finish(vcpu, action);
  }
}

[[noreturn]] void continue_after(Vcpu& vcpu, const ExitAction& action) {
  switch (action.kind) {
    case ExitAction::Kind::resume:
      enter_guest(vcpu);
    case ExitAction::Kind::idle:
      idle(vcpu);
    default:
      finish(vcpu, action);
  }
}

}  // namespace

bool prepare_vcpu(Vm& vm, Vcpu& vcpu, uint64_t stack_top, uint64_t shadow_pool_base,
                  uint64_t shadow_pool_pages) {
  uint64_t frame_pa = page_pool().allocate();
  uint64_t window_table = page_pool().allocate();
  if (frame_pa == 0 || window_table == 0 || !map_window_table(window_table, frame_pa)) return false;
  vcpu.frame = reinterpret_cast<TrapFrame*>(frame_pa);
  vcpu.shadow_pages = new (pool_storage[vcpu.index])
      mmu::FixedPagePool(identity_host_memory(), shadow_pool_base, shadow_pool_pages);
  vcpu.tae = new (vcpu_storage[vcpu.index])
      tae::TaeVcpu(*vm.machine, vcpu.index, vcpu.frame->guest, *vcpu.shadow_pages,
                   riscv::pte::make(window_table, riscv::pte::v), vm.shadow_mode);
  vm.machine->attach_vcpu(*vcpu.tae);
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
  GH_CSR_SET(sie, host_interrupts);
  ExitAction action = vcpu.tae->poll_idle();
  continue_after(vcpu, action);
}

}  // namespace gh::vmm

extern "C" void vmm_guest_trap(gh::vmm::TrapFrame* /*frame*/) {
  using namespace gh::vmm;
  Vcpu& vcpu = current_vcpu();
  vcpu.tae->fold_fast_exits(vcpu.frame->fast);
  uint64_t cause = GH_CSR_READ(scause);
  uint64_t tval = GH_CSR_READ(stval);
  if (cause & gh::riscv::cause_interrupt_flag) acknowledge_host_interrupts(vcpu);
  const uint64_t fs = GH_CSR_READ(sstatus) & gh::riscv::mstatus::fs;
  if (fs == gh::riscv::mstatus::fs) vcpu.tae->guest_wrote_fp();
  continue_after(vcpu, vcpu.tae->handle_trap(cause, tval));
}
