// Sv39 from S-mode, as the guest sees it: permissions (R/W/X/U, SUM, MXR, reserved
// encodings), hardware A/D updates, non-canonical addresses, superpages, PTE edits
// made visible by sfence.vma, and switching between address spaces. Every line it
// prints must be the same natively and under the hypervisor.
#include "guest_traps.hpp"
#include "paging_guest.hpp"
#include "sbi_guest.hpp"

using namespace guest;
using namespace guest::paging;

namespace {

constexpr uint64_t sstatus_sum = 1ull << 18;
constexpr uint64_t sstatus_mxr = 1ull << 19;
constexpr uint64_t test_base = 0x40000000;                 // the test pages' virtual addresses
constexpr uint64_t ram_end = 0x80000000 + (128ull << 20);  // the suite runs it with 128 MiB
// Where the hypervisor puts the host's pci-serial-2x (its gdb and event UARTs): the first
// I/O BAR it assigns, in the PCIe I/O window at 0x0300_0000. Natively nothing is there.
constexpr uint64_t host_uarts_gpa = 0x0300'1000;

using Table = uint64_t[512];
alignas(4096) Table root, root2, level1, level1_b, level0, level0_b, sv48_root;
alignas(4096) uint64_t frames[4][512];  // data pages F0..F3

extern "C" void user_read_kernel_page();
extern "C" void user_read_user_page();
extern "C" char user_code_page[];
asm(R"(
.section .text.user, "ax"
.balign 4096
.globl user_code_page
.globl user_read_kernel_page
.globl user_read_user_page
user_code_page:
user_read_kernel_page:
  li a1, 0x40000000
  ld a0, 0(a1)
  ecall
user_read_user_page:
  li a1, 0x40002000
  ld a0, 0(a1)
  ecall
.balign 4096
.text
)");

uint64_t satp_for(const Table& table, uint64_t asid) { return sv39_satp(&table, asid); }

void switch_to(uint64_t satp) {
  asm volatile("sfence.vma zero, zero" ::: "memory");
  GUEST_CSR_WRITE(satp, satp);
  asm volatile("sfence.vma zero, zero" ::: "memory");
}

void build_tables() {
  for (int i = 0; i < 4; ++i) frames[i][0] = 0x1111 * (i + 1);
  // Kernel: one 1 GiB identity superpage over RAM at 0x8000_0000.
  root[2] = pte_at(0x80000000, V | R | W | X | A | D);
  root[1] = pte(level1, V);  // 0x4000_0000..0x7FFF_FFFF
  level1[0] = pte(level0, V);
  level0[0] = pte(frames[0], V | R | A);                        // read-only
  level0[1] = pte(frames[1], V | R | W);                        // writable, A and D clear
  level0[2] = pte(frames[2], V | R | W | U | A | D);            // user data
  level0[3] = pte(user_code_page, V | R | X | U | A);           // user code
  level0[4] = 0;                                                // invalid
  level0[5] = pte(frames[0], V | W | A | D);                    // W without R: reserved
  level0[6] = pte(frames[0], V | X | A);                        // execute-only
  level0[7] = pte(frames[0], V | R | A);                        // remapped later
  level1[1] = pte(frames[3], V | R | A);                        // misaligned 2 MiB superpage
  level0[8] = pte_at(ram_end, V | R | W | A | D);               // beyond the end of RAM
  level0[9] = pte_at(ram_end - (16 << 20), V | R | W | A | D);  // own RAM, high
  level0[10] = pte_at(host_uarts_gpa, V | R | W | A | D);       // the host's PCI UARTs
  // A second address space: the same kernel, its own test mapping.
  root2[2] = root[2];
  root2[1] = pte(level1_b, V);
  level1_b[0] = pte(level0_b, V);
  level0_b[0] = pte(frames[1], V | R | A);
}

void permissions() {
  try_load("read a read-only page", test_base);
  try_store("write a read-only page", test_base, 1);
  try_store("write a clean writable page", test_base + page, 0x55);
  show("  its PTE afterwards (A and D set by the walker)", level0[1] & 0xFF);
  try_load("S reads a U page without SUM", test_base + 2 * page);
  GUEST_CSR_SET(sstatus, sstatus_sum);
  try_load("S reads a U page with SUM", test_base + 2 * page);
  GUEST_CSR_CLEAR(sstatus, sstatus_sum);
  try_load("read an invalid PTE", test_base + 4 * page);
  try_load("read a W-without-R PTE", test_base + 5 * page);
  try_load("read an execute-only page, MXR clear", test_base + 6 * page);
  GUEST_CSR_SET(sstatus, sstatus_mxr);
  try_load("read an execute-only page, MXR set", test_base + 6 * page);
  GUEST_CSR_CLEAR(sstatus, sstatus_mxr);
  try_load("read through a misaligned 2 MiB superpage", test_base + (2 << 20));
  try_load("read at 2^38 (not canonical in Sv39)", 1ull << 38);
  try_load("read an unmapped upper-half address", 0xFFFFFFC000000000ull);
}

// What a hostile guest can reach through its own page tables: RAM it was given, nothing
// more. Beyond its RAM it takes access faults; a gpa that on the host holds hypervisor
// memory (guest RAM is never host RAM one-to-one) is simply the guest's own page, and the
// gpa of the host's UARTs is the guest's own (empty) PCIe I/O window.
void hostile_mappings() {
  try_load("read beyond the end of RAM", test_base + 8 * page);
  try_store("write beyond the end of RAM", test_base + 8 * page, 1);
  const uint64_t high = test_base + 9 * page;
  try_store("write a high RAM page through a second mapping", high, 0x5A5A);
  show("  the same page through the kernel's identity map", load(ram_end - (16 << 20)));
  // The gpa where the host's gdb and event UARTs sit is the guest's empty PCIe I/O window
  // (reads all ones, writes ignored), as on QEMU: a 16550's line status would read 0x60.
  const uint64_t uarts = test_base + 10 * page;
  try_load_byte("read the host gdb UART's line status", uarts + 5);
  try_load_byte("read the host event UART's line status", uarts + 8 + 5);
  try_store_byte("write the host gdb UART's transmit register", uarts, 'X');
  try_store_byte("write the host event UART's transmit register", uarts + 8, 'X');
}

void fetch_and_user_mode() {
  uint64_t before = trap_count();
  run_in_user_mode(reinterpret_cast<void (*)()>(test_base + 3 * page));
  report_trap("U reads a kernel page", before);
  before = trap_count();
  uint64_t offset = reinterpret_cast<uint64_t>(&user_read_user_page) -
                    reinterpret_cast<uint64_t>(&user_code_page[0]);
  run_in_user_mode(reinterpret_cast<void (*)()>(test_base + 3 * page + offset));
  report_trap("U reads a user page, then ecall", before);
  before = trap_count();
  call_catching_traps(test_base + 3 * page);
  report_trap("S executes a U page", before);
}

void edits_and_switches() {
  try_load("read the page before remapping", test_base + 7 * page);
  level0[7] = pte(frames[2], V | R | A);
  asm volatile("sfence.vma %0, zero" ::"r"(test_base + 7 * page) : "memory");
  try_load("read it after the PTE edit and sfence.vma", test_base + 7 * page);
  switch_to(satp_for(root2, 5));
  show("satp mode and ASID of the second address space", GUEST_CSR_READ(satp) >> 44);
  try_load("second address space reads the test page", test_base);
  switch_to(satp_for(root, 0));
  try_load("first address space reads it again", test_base);
}

// Sv48: one more level on top; the Sv39 root serves as the table below index 0, so the
// same low mappings hold, and 2^38 becomes canonical (and unmapped).
void sv48() {
  sv48_root[0] = pte(root, V);
  switch_to((9ull << 60) | (reinterpret_cast<uint64_t>(&sv48_root) >> 12));
  show("satp mode after writing Sv48", GUEST_CSR_READ(satp) >> 60);
  try_load("Sv48 reads the read-only page", test_base);
  try_load("Sv48 reads at 2^38 (canonical, unmapped)", 1ull << 38);
  try_load("Sv48 reads at 2^47 (not canonical)", 1ull << 47);
  switch_to(satp_for(root, 0));
}

}  // namespace

extern "C" uint64_t guest_main(uint64_t, uint64_t) {
  install_trap_vector();
  build_tables();
  switch_to(satp_for(root, 0));
  show("satp", GUEST_CSR_READ(satp) >> 60);
  permissions();
  hostile_mappings();
  fetch_and_user_mode();
  edits_and_switches();
  sv48();
  switch_to(0);
  print("paging tests done\n");
  return 0;
}
