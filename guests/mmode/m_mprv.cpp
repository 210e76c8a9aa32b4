// M-mode boot: mstatus.MPRV. With MPRV=1 the loads and stores of M-mode (not its
// instruction fetches) translate and check permissions as MPP's mode would, through an
// Sv39 table: S and U pages, SUM, MXR, A/D updates, faults taken in M, AMOs, misaligned
// accesses, a device page, MPP=M and satp=Bare. Every line must be the same
// natively (-bios none) and under the hypervisor.
#include "m_guest.hpp"

using namespace mguest;

namespace {

constexpr uint64_t bit(uint64_t n) { return 1ull << n; }
constexpr uint64_t mprv = bit(17), sum = bit(18), mxr = bit(19);
constexpr uint64_t mpp_shift = 11, mpp_u = 0, mpp_s = 1ull << mpp_shift, mpp_m = 3ull << mpp_shift;
constexpr uint64_t as_s = mprv | mpp_s, as_u = mprv | mpp_u;

namespace pte {
constexpr uint64_t v = bit(0), r = bit(1), w = bit(2), x = bit(3), u = bit(4), a = bit(6),
                   d = bit(7);
constexpr uint64_t make(uint64_t pa, uint64_t flags) { return ((pa >> 12) << 10) | flags; }
}  // namespace pte

constexpr uint64_t page = 4096;
alignas(page) uint64_t root[512];
alignas(page) uint64_t level1[512];
alignas(page) uint64_t level0[512];
alignas(page) uint64_t pages[6][512];  // s, u, x, ad, ro, spare

// Virtual addresses: one 4 KiB page each at 0x4000_0000 + n * 4 KiB.
constexpr uint64_t va_base = 0x40000000;
enum Slot : uint64_t { s_page, u_page, x_page, ad_page, ro_page, uart_page, unmapped };
constexpr uint64_t va(Slot slot) { return va_base + slot * page; }
uint64_t pa(Slot slot) { return reinterpret_cast<uint64_t>(pages[slot]); }

struct Fault {
  uint64_t count = 0;
  uint64_t cause = 0;
  uint64_t tval = 0;
  uint64_t mprv_at_trap = 0;
};
volatile Fault fault;

void build_tables() {
  root[1] = pte::make(reinterpret_cast<uint64_t>(level1), pte::v);
  level1[0] = pte::make(reinterpret_cast<uint64_t>(level0), pte::v);
  const uint64_t kernel = pte::v | pte::a | pte::d;
  level0[s_page] = pte::make(pa(s_page), kernel | pte::r | pte::w);
  level0[u_page] = pte::make(pa(u_page), kernel | pte::r | pte::w | pte::u);
  level0[x_page] = pte::make(pa(x_page), pte::v | pte::a | pte::x);
  level0[ad_page] = pte::make(pa(ad_page), pte::v | pte::r | pte::w);
  level0[ro_page] = pte::make(pa(ro_page), pte::v | pte::a | pte::r);
  level0[uart_page] = pte::make(0x10000000, kernel | pte::r | pte::w);
  pages[s_page][0] = 0x1111111111111111;
  pages[s_page][1] = 0x8877665544332211;
  pages[s_page][511] = 0xf0e0d0c0b0a09080;
  pages[u_page][0] = 0x2222222222222222;
  pages[x_page][0] = 0x3333333333333333;
  pages[ad_page][0] = 0x4444444444444444;
  pages[ro_page][0] = 0x5555555555555555;
}

}  // namespace

// Each sets `bits` in mstatus for exactly one access, then clears them again.
extern "C" uint64_t mprv_ld(uint64_t va, uint64_t bits);
extern "C" uint64_t mprv_lw(uint64_t va, uint64_t bits);
extern "C" void mprv_sd(uint64_t va, uint64_t value, uint64_t bits);
extern "C" void mprv_sb(uint64_t va, uint64_t value, uint64_t bits);
extern "C" uint64_t mprv_lbu(uint64_t va, uint64_t bits);
extern "C" uint64_t mprv_amoadd(uint64_t va, uint64_t value, uint64_t bits);
asm(R"(
.text
.option push
.option norvc
.globl mprv_ld, mprv_lw, mprv_lbu, mprv_sd, mprv_sb, mprv_amoadd
mprv_ld:
  csrs mstatus, a1
  ld a0, 0(a0)
  csrc mstatus, a1
  ret
mprv_lw:
  csrs mstatus, a1
  lw a0, 0(a0)
  csrc mstatus, a1
  ret
mprv_lbu:
  csrs mstatus, a1
  lbu a0, 0(a0)
  csrc mstatus, a1
  ret
mprv_sd:
  csrs mstatus, a2
  sd a1, 0(a0)
  csrc mstatus, a2
  ret
mprv_sb:
  csrs mstatus, a2
  sb a1, 0(a0)
  csrc mstatus, a2
  ret
mprv_amoadd:
  csrs mstatus, a2
  amoadd.d a0, a1, (a0)
  csrc mstatus, a2
  ret
.option pop
)");

// Faults of the accesses above: recorded, MPRV turned off, the access skipped (4 bytes).
extern "C" void m_trap(uint64_t) {
  fault.cause = CSR_READ(mcause);
  fault.tval = CSR_READ(mtval);
  fault.mprv_at_trap = CSR_READ(mstatus) & mprv;
  fault.count = fault.count + 1;
  const uint64_t expected = bit(4) | bit(5) | bit(6) | bit(7) | bit(13) | bit(15);
  if (fault.cause >= 64 || (expected & bit(fault.cause)) == 0) {
    show("unexpected mcause", fault.cause);
    show("mepc", CSR_READ(mepc));
    m_guest_exit(3);
  }
  CSR_CLEAR(mstatus, mprv | sum | mxr);
  CSR_WRITE(mepc, CSR_READ(mepc) + 4);
}

extern "C" void s_trap(uint64_t) { m_guest_exit(6); }
extern "C" char m_vector_table[];

namespace {

uint64_t faults_before = 0;

// Memory the accesses above changed behind the compiler's back.
uint64_t peek(const uint64_t& word) { return *reinterpret_cast<const volatile uint64_t*>(&word); }

void begin() { faults_before = fault.count; }

// Prints "what = value" or "what: fault cause=... tval=...".
void report(const char* what, uint64_t value) {
  if (fault.count == faults_before) {
    show(what, value);
    return;
  }
  print(what);
  print(": fault cause=");
  print_hex(fault.cause);
  print(" tval=");
  print_hex(fault.tval);
  print(fault.mprv_at_trap ? " MPRV still set in the handler\n" : " MPRV clear in the handler\n");
}

uint64_t load(uint64_t address, uint64_t bits) {
  begin();
  return mprv_ld(address, bits);
}

void loads() {
  report("MPP=S load of an S page", load(va(s_page), as_s));
  report("MPP=U load of an S page", load(va(s_page), as_u));
  report("MPP=U load of a U page", load(va(u_page), as_u));
  report("MPP=S load of a U page, SUM=0", load(va(u_page), as_s));
  report("MPP=S load of a U page, SUM=1", load(va(u_page), as_s | sum));
  report("MPP=S load of an execute-only page, MXR=0", load(va(x_page), as_s));
  report("MPP=S load of an execute-only page, MXR=1", load(va(x_page), as_s | mxr));
  report("MPP=S load of an unmapped page", load(va(unmapped), as_s));
  report("MPP=M load of a physical address", load(pa(s_page), mprv | mpp_m));
  report("MPP=S load of a physical address (not mapped)", load(pa(s_page), as_s));
  begin();
  report("MPP=S lw sign-extends", mprv_lw(va(s_page) + 12, as_s));
  report("MPP=S misaligned load in a page", load(va(s_page) + 3, as_s));
  report("MPP=S misaligned load across two pages, SUM=1", load(va(s_page) + page - 4, as_s | sum));
  report("MPP=U misaligned load into a page U may not read", load(va(u_page) + page - 2, as_u));
}

void stores() {
  begin();
  mprv_sd(va(s_page), 0xabcdef0123456789, as_s);
  report("MPP=S store to an S page, then physically", peek(pages[s_page][0]));
  begin();
  mprv_sd(va(ro_page), 1, as_s);
  report("MPP=S store to a read-only page", peek(pages[ro_page][0]));
  begin();
  mprv_sd(va(s_page), 2, as_u);
  report("MPP=U store to an S page", peek(pages[s_page][0]));
  begin();
  mprv_sd(va(u_page) + 4, 0x0102030405060708, as_u);
  report("MPP=U misaligned store to a U page, then physically", peek(pages[u_page][0]));
  report("  the next doubleword", peek(pages[u_page][1]));
  begin();
  mprv_sd(va(u_page) + page - 4, 0x0102030405060708, as_u);
  report("MPP=U misaligned store into a page U may not write", peek(pages[u_page][511]));
  report("A/D of a fresh PTE", peek(level0[ad_page]) & (pte::a | pte::d));
  report("MPP=S load of it", load(va(ad_page), as_s));
  report("  A/D after the load", peek(level0[ad_page]) & (pte::a | pte::d));
  begin();
  mprv_sd(va(ad_page), 7, as_s);
  report("  A/D after a store", peek(level0[ad_page]) & (pte::a | pte::d));
}

void atomics_and_devices() {
  begin();
  report("MPP=S amoadd.d returns", mprv_amoadd(va(s_page), 0x10, as_s));
  report("  memory afterwards", peek(pages[s_page][0]));
  begin();
  report("MPP=U amoadd.d on an S page", mprv_amoadd(va(s_page), 0x10, as_u));
  begin();  // QEMU 7.2 with one hart: an AMO is a load, then a store
  report("MPP=S misaligned amoadd.d", mprv_amoadd(va(s_page) + 4, 0x10, as_s));
  for (const char* p = "MPP=S stores to the UART through a mapped page\n"; *p; ++p) {
    mprv_sb(va(uart_page), static_cast<uint8_t>(*p), as_s);
  }
  begin();
  report("MPP=S load of the UART's LSR", mprv_lbu(va(uart_page) + 5, as_s) & 0x60);
}

void bare_satp() {
  CSR_WRITE(satp, 0);
  report("satp=Bare, MPP=S load of a physical address", load(pa(u_page), as_s));
  report("satp=Bare, MPP=U load of a physical address", load(pa(u_page), as_u));
}

}  // namespace

extern "C" uint64_t guest_main(uint64_t) {
  print("M-mode MPRV through an Sv39 table\n");
  CSR_WRITE(mtvec, m_vector_table);
  CSR_WRITE(pmpaddr0, ~0ull >> 10);
  CSR_WRITE(pmpcfg0, 0x0f);
  build_tables();
  CSR_WRITE(satp, (8ull << 60) | (reinterpret_cast<uint64_t>(root) >> 12));
  asm volatile("sfence.vma" ::: "memory");
  show("mstatus MPRV MPP at start", CSR_READ(mstatus) & (mprv | (3ull << mpp_shift)));
  loads();
  stores();
  atomics_and_devices();
  bare_satp();
  print("m-mprv tests done\n");
  return 0;
}
