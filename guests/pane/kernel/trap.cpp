#include "trap.hpp"

#include "plic.hpp"
#include "printk.hpp"
#include "process.hpp"
#include "riscv.hpp"
#include "syscall.hpp"
#include "uart.hpp"
#include "virtio_disk.hpp"

extern "C" char trampoline_start[], user_vector[], user_return[];  // trampoline.S
extern "C" void kernel_vector();                                   // kernel_vector.S

namespace pane {
namespace {

using namespace riscv;

enum class Interrupt { kTimer, kDevice, kUnknown };

Spinlock clock_lock{"clock"};
uint64_t ticks = 0;

[[maybe_unused]] constexpr uint64_t kSstcInterval = 100'000;  // as machine_mode.cpp

void clock_tick() {
  acquire(clock_lock);
  ticks++;
  wakeup(&ticks);
  release(clock_lock);
}

void device_interrupt() {
  uint32_t irq = plic_claim();
  if (irq == kUartIrq) {
    uart_interrupt();
  } else if (irq == kVirtioDiskIrq) {
    virtio_disk_interrupt();
  } else if (irq != 0) {
    printk("pane: unexpected interrupt %u\n", irq);
  }
  if (irq != 0) plic_complete(irq);
}

// Handles the interrupt in scause, whichever mode it came from.
Interrupt handle_interrupt(uint64_t cause) {
  switch (cause & ~kCauseInterruptBit) {
    case kSupervisorSoftware:  // a timer tick forwarded by machine_trap.S
      if (hart_id() == 0) clock_tick();
      asm volatile("csrc sip, %0" : : "r"(1ull << kSupervisorSoftware));
      return Interrupt::kTimer;
    case kSupervisorTimer:  // Sstc: our own stimecmp fired; set the next one
      write_stimecmp(read_time() + kSstcInterval);
      if (hart_id() == 0) clock_tick();
      return Interrupt::kTimer;
    case kSupervisorExternal:
      device_interrupt();
      return Interrupt::kDevice;
    default:
      return Interrupt::kUnknown;
  }
}

const char* exception_name(uint64_t cause) {
  static const char* const names[] = {"misaligned fetch",
                                      "instruction access fault",
                                      "illegal instruction",
                                      "breakpoint",
                                      "misaligned load",
                                      "load access fault",
                                      "misaligned store",
                                      "store access fault",
                                      "user ecall",
                                      "supervisor ecall",
                                      "hypervisor ecall",
                                      "machine ecall",
                                      "instruction page fault",
                                      "load page fault",
                                      "reserved",
                                      "store page fault"};
  return cause < sizeof names / sizeof names[0] ? names[cause] : "unknown exception";
}

void kill_for_fault(Process* p, uint64_t cause) {
  printk("pane: pid %d (%s) killed: %s at pc %p (stval %p)\n", p->pid, p->name,
         exception_name(cause), (void*)read_sepc(), (void*)read_stval());
  acquire(p->lock);
  p->killed = true;
  release(p->lock);
}

}  // namespace

void trap_init_hart() {
  write_stvec(reinterpret_cast<uint64_t>(&kernel_vector));
#ifdef PANE_SSTC
  write_stimecmp(read_time() + kSstcInterval);
#endif
}

// Every trap from U-mode ends up here, through user_vector in the trampoline.
extern "C" void user_trap() {
  if (read_sstatus() & kStatusSpp) panic("user_trap: not from user mode");
  write_stvec(reinterpret_cast<uint64_t>(&kernel_vector));  // we are in the kernel now
  Process* p = current_process();
  p->trapframe->user_pc = read_sepc();
  uint64_t cause = read_scause();
  Interrupt interrupt = Interrupt::kUnknown;
  if (cause == kCauseUserEcall) {
    if (is_killed(p)) exit(-1);
    p->trapframe->user_pc += 4;  // return after the ecall instruction
    interrupts_on();             // system calls may take a while: stay interruptible
    syscall();
  } else if (cause & kCauseInterruptBit) {
    interrupt = handle_interrupt(cause);
  } else {
    kill_for_fault(p, cause);
  }
  if (is_killed(p)) exit(-1);
  if (interrupt == Interrupt::kTimer) yield();  // the time slice is over
  return_to_user();
}

void return_to_user() {
  Process* p = current_process();
  // From here until sret, a trap would go to user_vector while still in S-mode.
  interrupts_off();
  uint64_t trampoline = reinterpret_cast<uint64_t>(trampoline_start);
  write_stvec(kTrampoline + (reinterpret_cast<uint64_t>(user_vector) - trampoline));

  Trapframe* frame = p->trapframe;
  frame->kernel_satp = kernel_satp();
  frame->kernel_sp = p->kernel_stack_top;
  frame->kernel_trap = reinterpret_cast<uint64_t>(&user_trap);
  frame->kernel_hart = read_tp();

  uint64_t status = read_sstatus();
  status &= ~kStatusSpp;  // sret goes to U-mode...
  status |= kStatusSpie;  // ...with interrupts enabled
  write_sstatus(status);
  write_sepc(frame->user_pc);

  uint64_t user_satp = make_satp(reinterpret_cast<uint64_t>(p->page_table));
  auto enter = reinterpret_cast<void (*)(uint64_t)>(
      kTrampoline + (reinterpret_cast<uint64_t>(user_return) - trampoline));
  enter(user_satp);
  __builtin_unreachable();
}

// Interrupts taken in S-mode, through kernel_vector.S.
extern "C" void kernel_trap() {
  uint64_t sepc = read_sepc();
  uint64_t status = read_sstatus();
  uint64_t cause = read_scause();
  if (!(status & kStatusSpp)) panic("kernel_trap: not from supervisor mode");
  if (interrupts_enabled()) panic("kernel_trap: interrupts enabled");
  if (!(cause & kCauseInterruptBit)) {
    panic("kernel fault: %s at pc %p, address %p", exception_name(cause), (void*)sepc,
          (void*)read_stval());
  }
  if (handle_interrupt(cause) == Interrupt::kTimer) {
    Process* p = my_cpu()->process;
    if (p != nullptr && p->state == ProcessState::kRunning) yield();
  }
  // yield() may have let other traps run: put back what sret needs.
  write_sepc(sepc);
  write_sstatus(status);
}

uint64_t uptime_ticks() {
  acquire(clock_lock);
  uint64_t now = ticks;
  release(clock_lock);
  return now;
}

int sleep_ticks(uint64_t count) {
  acquire(clock_lock);
  uint64_t start = ticks;
  while (ticks - start < count) {
    if (is_killed(current_process())) {
      release(clock_lock);
      return -1;
    }
    sleep(&ticks, clock_lock);
  }
  release(clock_lock);
  return 0;
}

}  // namespace pane
