// M-mode boot: where traps go and what they stack. Direct and vectored mtvec (machine
// timer and CLINT software interrupts, exceptions), delegated supervisor interrupts taken
// through a direct or vectored stvec, interrupts left undelegated, the MPIE/MPP/SPIE/SPP
// stacking of traps, mret and sret, TSR and TW, and QEMU 7.2's rule that mret to a lower
// mode needs a PMP entry. Every line must be the same natively (-bios none) and under
// the hypervisor.
#include "m_guest.hpp"

using namespace mguest;

namespace {

constexpr uint64_t interrupt_flag = 1ull << 63;
constexpr uint64_t ssi = 1, sti = 5, msi = 3, mti = 7;
constexpr uint64_t bit(uint64_t n) { return 1ull << n; }

namespace ms {
constexpr uint64_t sie = bit(1), mie = bit(3), spie = bit(5), mpie = bit(7), spp = bit(8);
constexpr uint64_t mpp_shift = 11, mpp = 3ull << mpp_shift, tw = bit(21), tsr = bit(22);
constexpr uint64_t stack_fields = sie | mie | spie | mpie | spp | mpp;
constexpr uint64_t mpp_u = 0, mpp_s = 1ull << mpp_shift, mpp_m = 3ull << mpp_shift;
}  // namespace ms

struct TrapRecord {
  uint64_t count = 0;
  uint64_t entry = 0;  // which vector-table entry the hart jumped to
  uint64_t cause = 0;
  uint64_t status = 0;  // mstatus (or sstatus) as the handler found it
  uint64_t epc = 0;
  uint64_t tval = 0;
};

// m_ecall: the last ecall from S or U (how run_lower returns); m_last: any other M trap.
volatile TrapRecord m_last, m_ecall, s_last;
volatile uint64_t s_seen_status = 0;  // sstatus read by code running in S or U
volatile TrapRecord s_software;       // the software interrupt s_interrupts took

void record(volatile TrapRecord& r, uint64_t entry, uint64_t cause, uint64_t status, uint64_t epc,
            uint64_t tval) {
  r.entry = entry;
  r.cause = cause;
  r.status = status;
  r.epc = epc;
  r.tval = tval;
  r.count = r.count + 1;
}

uint64_t instruction_length(uint64_t pc) {
  return (*reinterpret_cast<volatile uint16_t*>(pc) & 3) == 3 ? 4 : 2;
}

void show_trap(const char* what, const volatile TrapRecord& r) {
  print(what);
  print(": entry ");
  print_hex(r.entry);
  print(" cause ");
  print_hex(r.cause);
  print("\n");
}

void wait_for_trap(volatile TrapRecord& r, uint64_t before) {
  for (uint64_t spins = 0; r.count == before; ++spins) {
    if (spins > 200000000) {
      print("no trap came\n");
      m_guest_exit(4);
    }
  }
}

}  // namespace

extern "C" char m_vector_table[];
extern "C" char s_vector_table[];
extern "C" void run_lower(void (*code)(), uint64_t mstatus_mpp);

extern "C" void m_trap(uint64_t entry) {
  const uint64_t cause = CSR_READ(mcause);
  const uint64_t epc = CSR_READ(mepc);
  const bool lower_ecall = cause == 8 || cause == 9;
  record(lower_ecall ? m_ecall : m_last, entry, cause, CSR_READ(mstatus), epc, CSR_READ(mtval));
  switch (cause) {
    case interrupt_flag | mti:
      set_mtimecmp(0, ~0ull);
      return;
    case interrupt_flag | msi:
      set_msip(0, 0);
      return;
    case interrupt_flag | ssi:
      CSR_CLEAR(mip, bit(ssi));
      return;
    case 2:  // illegal instruction: skip it
    case 11:
      CSR_WRITE(mepc, epc + instruction_length(epc));
      return;
    case 8:  // ecall from U or S (run_lower): resume after it in M
    case 9:
      CSR_WRITE(mepc, epc + 4);
      CSR_SET(mstatus, ms::mpp_m);
      return;
    default:
      show("unexpected mcause", cause);
      m_guest_exit(3);
  }
}

extern "C" void s_trap(uint64_t entry) {
  const uint64_t cause = CSR_READ(scause);
  const uint64_t epc = CSR_READ(sepc);
  record(s_last, entry, cause, CSR_READ(sstatus), epc, CSR_READ(stval));
  switch (cause) {
    case interrupt_flag | ssi:
      CSR_CLEAR(sip, bit(ssi));
      return;
    case interrupt_flag | sti:
      CSR_WRITE(stimecmp, ~0ull);
      return;
    case 2:
      CSR_WRITE(sepc, epc + instruction_length(epc));
      return;
    default:
      show("unexpected scause", cause);
      m_guest_exit(5);
  }
}

namespace {

// QEMU 7.2: mret to S or U while no PMP entry is active is an illegal instruction.
void mret_without_pmp() {
  CSR_WRITE(mtvec, m_vector_table);
  CSR_CLEAR(mstatus, ms::mpp);
  CSR_SET(mstatus, ms::mpp_s);
  uint64_t mret_pc = 0;
  asm volatile(
      "la %0, 1f\n"
      "csrw mepc, %0\n"
      "1: mret\n"
      : "=&r"(mret_pc)::"memory");
  show_trap("mret to S with no PMP entry", m_last);
  print(m_last.epc == mret_pc ? "  mepc is the mret\n" : "  mepc is elsewhere\n");
  show("  mtval", m_last.tval);
  CSR_WRITE(pmpaddr0, ~0ull >> 10);
  CSR_WRITE(pmpcfg0, 0x0f);
}

void machine_timer(const char* what) {
  const uint64_t before = m_last.count;
  CSR_WRITE(mie, bit(mti));
  CSR_SET(mstatus, ms::mie);
  set_mtimecmp(0, mtime() + 1000);
  wait_for_trap(m_last, before);
  CSR_CLEAR(mstatus, ms::mie);
  CSR_WRITE(mie, 0);
  show_trap(what, m_last);
}

void machine_software(const char* what) {
  const uint64_t before = m_last.count;
  CSR_WRITE(mie, bit(msi));
  CSR_SET(mstatus, ms::mie);
  set_msip(0, 1);
  wait_for_trap(m_last, before);
  CSR_CLEAR(mstatus, ms::mie);
  CSR_WRITE(mie, 0);
  show_trap(what, m_last);
}

void machine_vectors() {
  const uint64_t base = reinterpret_cast<uint64_t>(m_vector_table);
  CSR_WRITE(mtvec, base);
  machine_timer("direct mtvec, machine timer");
  machine_software("direct mtvec, machine software");
  const uint64_t reserved_modes[] = {2, 3};
  for (uint64_t mode : reserved_modes) {  // the write is ignored
    CSR_WRITE(mtvec, base | mode);
    print(CSR_READ(mtvec) == base ? "mtvec keeps its value on a reserved mode\n"
                                  : "mtvec took a reserved mode\n");
  }
  CSR_WRITE(mtvec, base | 1);
  print(CSR_READ(mtvec) == (base | 1) ? "mtvec vectored mode reads back\n"
                                      : "mtvec vectored mode lost\n");
  machine_timer("vectored mtvec, machine timer");
  machine_software("vectored mtvec, machine software");
  asm volatile("ecall");
  show_trap("vectored mtvec, ecall from M", m_last);
  asm volatile(".4byte 0xffffffff");
  show_trap("vectored mtvec, illegal instruction", m_last);
  // A supervisor software interrupt that is not delegated is taken in M.
  CSR_WRITE(mie, bit(ssi));
  CSR_SET(mstatus, ms::mie);
  CSR_SET(mip, bit(ssi));
  asm volatile("nop");
  CSR_CLEAR(mstatus, ms::mie);
  CSR_WRITE(mie, 0);
  show_trap("vectored mtvec, undelegated supervisor software", m_last);
}

// Runs in S: a software interrupt it raises itself, its own timer (stimecmp), an illegal
// instruction, all taken in S through stvec.
void s_interrupts() {
  uint64_t before = s_last.count;
  CSR_SET(sstatus, ms::sie);
  CSR_SET(sip, bit(ssi));
  wait_for_trap(s_last, before);
  s_software.entry = s_last.entry;
  s_software.cause = s_last.cause;
  s_software.status = s_last.status;
  CSR_CLEAR(sstatus, ms::sie);
  before = s_last.count;
  CSR_WRITE(stimecmp, CSR_READ(time) + 1000);
  // wfi wakes on the pending timer with SIE clear; SIE opens only between sleeps, so
  // the interrupt cannot be taken just before a wfi that would then sleep forever.
  while (s_last.count == before) {
    asm volatile("wfi");
    CSR_SET(sstatus, ms::sie);
    CSR_CLEAR(sstatus, ms::sie);
  }
  CSR_CLEAR(sstatus, ms::sie);  // QEMU may take the interrupt at the csrc above
}

void s_software_only() {
  const uint64_t before = s_last.count;
  CSR_SET(sstatus, ms::sie);
  CSR_SET(sip, bit(ssi));
  wait_for_trap(s_last, before);
  CSR_CLEAR(sstatus, ms::sie);
}

void s_illegal() { asm volatile(".4byte 0xffffffff"); }

void supervisor_vectors() {
  CSR_WRITE(mtvec, reinterpret_cast<uint64_t>(m_vector_table) | 1);
  CSR_WRITE(mideleg, bit(ssi) | bit(sti));
  CSR_WRITE(medeleg, bit(2));
  CSR_WRITE(mcounteren, 7);
  CSR_WRITE(menvcfg, bit(63));  // STCE: stimecmp
  CSR_WRITE(stimecmp, ~0ull);
  CSR_WRITE(mie, bit(ssi) | bit(sti));
  const uint64_t base = reinterpret_cast<uint64_t>(s_vector_table);
  CSR_WRITE(stvec, base);
  run_lower(s_software_only, ms::mpp_s);
  show_trap("direct stvec, delegated supervisor software", s_last);
  CSR_WRITE(stvec, base | 1);
  run_lower(s_interrupts, ms::mpp_s);
  show_trap("vectored stvec, delegated supervisor software", s_software);
  show("  sstatus in its handler (SPIE SPP)", s_software.status & ms::stack_fields);
  show_trap("vectored stvec, delegated supervisor timer", s_last);
  run_lower(s_illegal, ms::mpp_s);
  show_trap("vectored stvec, delegated illegal instruction", s_last);
  // Delegated interrupts pending in M are not taken there, even with MIE.
  const uint64_t m_before = m_last.count, s_before = s_last.count;
  CSR_SET(mip, bit(ssi));
  CSR_SET(mstatus, ms::mie | ms::sie);
  asm volatile("nop");
  CSR_CLEAR(mstatus, ms::mie | ms::sie);
  print(m_last.count == m_before && s_last.count == s_before
            ? "delegated SSIP pending in M: not taken\n"
            : "delegated SSIP pending in M: taken\n");
  CSR_CLEAR(mip, bit(ssi));
  // With STCE, STIP belongs to stimecmp: an M-mode write to mip.STIP is ignored.
  CSR_SET(mip, bit(sti));
  show("mip after setting STIP with STCE=1", CSR_READ(mip) & bit(sti));
  CSR_WRITE(menvcfg, 0);
  CSR_SET(mip, bit(sti));
  show("mip after setting STIP with STCE=0", CSR_READ(mip) & bit(sti));
  CSR_CLEAR(mip, bit(sti));
  CSR_WRITE(mie, 0);
}

void read_sstatus() { s_seen_status = CSR_READ(sstatus); }

// sret inside S: SPP=S, SPIE=1, SIE=0 before; SIE=1, SPIE=1, SPP=U after.
void s_sret_to_s() {
  CSR_CLEAR(sstatus, ms::sie | ms::spie | ms::spp);
  CSR_SET(sstatus, ms::spie | ms::spp);
  asm volatile(
      "la t0, 1f\n"
      "csrw sepc, t0\n"
      "sret\n"
      "1:\n" ::
          : "t0", "memory");
  s_seen_status = CSR_READ(sstatus);
  CSR_CLEAR(sstatus, ms::sie);
}

void s_sret_to_u() {
  CSR_CLEAR(sstatus, ms::spp);
  asm volatile(
      "la t0, 1f\n"
      "csrw sepc, t0\n"
      "sret\n"
      "1: ecall\n" ::
          : "t0", "memory");
}

void s_sret_with_tsr() { asm volatile("sret"); }
void s_wfi_with_tw() { asm volatile("wfi"); }

void stacking() {
  CSR_WRITE(mtvec, m_vector_table);
  // mret M -> M: MIE = MPIE (0), MPIE = 1, MPP = U.
  CSR_CLEAR(mstatus, ms::stack_fields);
  CSR_SET(mstatus, ms::mie | ms::mpp_m);
  show("mstatus before mret to M (MIE, MPP=M)", CSR_READ(mstatus) & ms::stack_fields);
  asm volatile(
      "la t0, 1f\n"
      "csrw mepc, t0\n"
      "mret\n"
      "1:\n" ::
          : "t0", "memory");
  show("mstatus after mret to M", CSR_READ(mstatus) & ms::stack_fields);
  // mret M -> S with MPIE = 1, then an ecall back: the trap stacks MIE into MPIE.
  CSR_CLEAR(mstatus, ms::stack_fields);
  CSR_SET(mstatus, ms::mpie);
  run_lower(read_sstatus, ms::mpp_s);
  show("sstatus in S after mret", s_seen_status & ms::stack_fields);
  show("mstatus at the ecall from S", m_ecall.status & ms::stack_fields);
  show("  mcause", m_ecall.cause);
  run_lower(read_sstatus, ms::mpp_u);
  show("mstatus at the ecall from U", m_ecall.status & ms::stack_fields);
  show("  mcause", m_ecall.cause);
  CSR_WRITE(medeleg, 0);
  run_lower(s_sret_to_s, ms::mpp_s);
  show("sstatus after sret to S (SPIE, SPP=S before)", s_seen_status & ms::stack_fields);
  run_lower(s_sret_to_u, ms::mpp_s);
  show("mstatus at the ecall from U after sret", m_ecall.status & ms::stack_fields);
  show("  mcause", m_ecall.cause);
  // sret in M goes where SPP says.
  CSR_SET(mstatus, ms::spp);
  asm volatile(
      "la t0, 1f\n"
      "csrw sepc, t0\n"
      "sret\n"
      "1: ecall\n" ::
          : "t0", "memory");
  show("sret in M with SPP=S, then ecall: mcause", m_ecall.cause);
  // TSR and TW make sret and wfi in S illegal (taken in M: nothing is delegated).
  CSR_SET(mstatus, ms::tsr);
  run_lower(s_sret_with_tsr, ms::mpp_s);
  show("sret in S with TSR: mcause", m_last.cause);
  CSR_CLEAR(mstatus, ms::tsr);
  CSR_SET(mstatus, ms::tw);
  run_lower(s_wfi_with_tw, ms::mpp_s);
  show("wfi in S with TW: mcause", m_last.cause);
  CSR_CLEAR(mstatus, ms::tw);
}

}  // namespace

extern "C" uint64_t guest_main(uint64_t) {
  print("M-mode trap vectors and stacking\n");
  mret_without_pmp();
  machine_vectors();
  supervisor_vectors();
  stacking();
  print("m-traps tests done\n");
  return 0;
}
