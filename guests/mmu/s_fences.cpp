// Sv39 address spaces as a kernel juggles them: every sfence.vma form after a PTE edit
// (all, by address, by ASID, by both; leaf and non-leaf edits; an edit in another
// address space), a satp write making an edit visible, several ASIDs cycled, a
// copy-on-write style remap after a store page fault, an aligned 2 MiB superpage with
// its A/D bits, and the fault types a kernel meets (load/store/fetch page faults, load/
// store/fetch access faults, from S and U). Every line must be the same natively and
// under the hypervisor.
#include "guest_traps.hpp"
#include "paging_guest.hpp"
#include "sbi_guest.hpp"

using namespace guest;
using namespace guest::paging;

namespace {

constexpr uint64_t test_va = 0x40000000;                   // level0 of each space maps pages here
constexpr uint64_t super_va = 0x40200000;                  // level1[1]: a 2 MiB superpage
constexpr uint64_t ram_end = 0x80000000 + (128ull << 20);  // the suite runs it with 128 MiB
constexpr int spaces = 3;

using Table = uint64_t[512];
alignas(4096) Table roots[spaces], level1s[spaces], level0s[spaces], spare_level0;
alignas(4096) Table top_level1, top_level0;  // the top 2 MiB of the address space
alignas(4096) uint64_t frames[8][512];       // data pages; frames[n][0] = 0x1000 * (n + 1)
// A 2 MiB-aligned stretch of the guest's own RAM for the superpage (below the end).
constexpr uint64_t super_gpa = ram_end - (4ull << 20);

extern "C" char user_store_code[];
asm(R"(
.section .text.user, "ax"
.balign 4096
.globl user_store_code
user_store_code:
  li a1, 0x40000000
  sd a1, 0(a1)
  ecall
.balign 4096
.text
)");

uint64_t satp_of(int space, uint64_t asid) { return sv39_satp(&roots[space], asid); }

// No sfence: the spaces have their own ASIDs, as a kernel switching processes does it.
void use_space(int space) { GUEST_CSR_WRITE(satp, satp_of(space, uint64_t(space) + 1)); }

void fence_all() { asm volatile("sfence.vma zero, zero" ::: "memory"); }
void fence_address(uint64_t va) { asm volatile("sfence.vma %0, zero" ::"r"(va) : "memory"); }
void fence_asid(uint64_t asid) { asm volatile("sfence.vma zero, %0" ::"r"(asid) : "memory"); }
void fence_both(uint64_t va, uint64_t asid) {
  asm volatile("sfence.vma %0, %1" ::"r"(va), "r"(asid) : "memory");
}

void build_tables() {
  for (int n = 0; n < 8; ++n) frames[n][0] = 0x1000 * (n + 1);
  for (int s = 0; s < spaces; ++s) {
    roots[s][2] = pte_at(0x80000000, V | R | W | X | A | D);  // the kernel, identity
    roots[s][1] = pte(level1s[s], V);                         // 0x4000_0000..
    level1s[s][0] = pte(level0s[s], V);
    level0s[s][0] = pte(frames[s], V | R | W | A | D);  // each space its own page 0
  }
  spare_level0[0] = pte(frames[5], V | R | A);
}

// After each edit of the current space, one sfence form makes it visible.
void fence_forms() {
  use_space(0);
  fence_all();
  try_load("space 0 reads its page", test_va);
  level0s[0][0] = pte(frames[3], V | R | A);
  fence_address(test_va);
  try_load("after a leaf edit and sfence.vma va, zero", test_va);
  level0s[0][0] = pte(frames[4], V | R | A);
  fence_asid(1);
  try_load("after a leaf edit and sfence.vma zero, asid", test_va);
  level0s[0][0] = pte(frames[6], V | R | A);
  fence_both(test_va, 1);
  try_load("after a leaf edit and sfence.vma va, asid", test_va);
  level0s[0][0] = pte(frames[7], V | R | A);
  fence_all();
  try_load("after a leaf edit and sfence.vma zero, zero", test_va);
  level1s[0][0] = pte(spare_level0, V);
  fence_address(test_va);
  try_load("after a non-leaf edit and sfence.vma va, zero", test_va);
  level0s[0][0] = 0;
  level1s[0][0] = pte(level0s[0], V);
  fence_address(test_va);
  try_load("after invalidating the leaf", test_va);
  level0s[0][0] = pte(frames[0], V | R | W | A | D);
  fence_address(test_va);
}

// Edits of another address space: made visible by a fence of its ASID, or by the satp
// write that switches to it.
void other_spaces() {
  for (int s = 0; s < spaces; ++s) {
    use_space(s);
    try_load("cycle through the spaces: reads its own page", test_va);
  }
  use_space(0);
  level0s[1][0] = pte(frames[3], V | R | A);
  fence_asid(2);
  use_space(1);
  try_load("space 1 after an edit from space 0 and sfence.vma zero, asid 2", test_va);
  use_space(0);
  level0s[2][0] = pte(frames[4], V | R | A);
  use_space(2);
  try_load("space 2 after an edit from space 0 and the satp write alone", test_va);
  use_space(0);
  try_load("space 0 still reads its own page", test_va);
  // The same root under two ASIDs.
  GUEST_CSR_WRITE(satp, satp_of(1, 9));
  try_load("space 1's root under ASID 9", test_va);
  use_space(0);
  fence_all();
}

// Copy-on-write: the page is shared read-only; a store faults, the kernel copies the
// frame, maps the copy writable, fences the address and the store succeeds on retry.
void copy_on_write() {
  level0s[0][1] = pte(frames[2], V | R | A);
  fence_address(test_va + page);
  try_store("store to a shared read-only page", test_va + page, 0xC0);
  show("  stval is the page", last_trap.stval);
  for (int i = 0; i < 512; ++i) frames[5][i] = frames[2][i];
  level0s[0][1] = pte(frames[5], V | R | W | A | D);
  fence_address(test_va + page);
  try_store("store after the copy is mapped", test_va + page, 0xC0);
  show("  the copy", frames[5][0]);
  show("  the shared original", frames[2][0]);
}

// An aligned 2 MiB superpage, A and D clear: the walker sets them in the level-1 PTE.
void superpage() {
  level1s[0][1] = pte_at(super_gpa, V | R | W);
  fence_all();
  try_load("read through a 2 MiB superpage", super_va + 0x12340);
  show("  its PTE after a read (A set)", level1s[0][1] & 0xFF);
  try_store("write through the 2 MiB superpage", super_va + 0x1FF000, 0x5EED);
  show("  its PTE after a write (A and D set)", level1s[0][1] & 0xFF);
  show("  the word through the identity map", load(super_gpa + 0x1FF000));
}

// Page faults and access faults, from S and from U.
void fault_types() {
  level0s[0][2] = pte_at(ram_end, V | R | W | X | A | D);  // beyond RAM
  level0s[0][3] = pte(user_store_code, V | R | X | U | A);
  level0s[0][0] = pte(frames[0], V | R | U | A);  // user read-only data
  fence_all();
  try_load("load from a gpa beyond RAM", test_va + 2 * page);
  try_store("store to a gpa beyond RAM", test_va + 2 * page, 1);
  uint64_t before = trap_count();
  call_catching_traps(test_va + 2 * page);
  report_trap("fetch from a gpa beyond RAM", before);
  before = trap_count();
  call_catching_traps(test_va + 5 * page);
  report_trap("fetch from an unmapped page", before);
  try_load("load from an unmapped page", test_va + 5 * page);
  try_store("store to an unmapped page", test_va + 5 * page, 1);
  before = trap_count();
  run_in_user_mode(reinterpret_cast<void (*)()>(test_va + 3 * page));
  report_trap("U stores to its read-only page", before);
  level0s[0][0] = pte(frames[0], V | R | W | U | A | D);
  fence_address(test_va);
  before = trap_count();
  run_in_user_mode(reinterpret_cast<void (*)()>(test_va + 3 * page));
  report_trap("U stores after the page is made writable, then ecall", before);
  show("  the word U stored", frames[0][0]);
}

// The top 2 MiB of the address space, where the hypervisor keeps its own pages in every
// shadow: the guest may map and use it like any other (each access is emulated there).
void top_of_the_address_space() {
  constexpr uint64_t top_page = 0xFFFFFFFFFFFFF000ull, top_base = 0xFFFFFFFFFFE00000ull;
  roots[0][511] = pte(top_level1, V);
  top_level1[511] = pte(top_level0, V);
  top_level0[511] = pte(frames[7], V | R | W | A | D);
  top_level0[0] = pte(frames[6], V | R | A);
  fence_all();
  try_load("load from the top page of the address space", top_page);
  try_store("store to the top page", top_page + 8, 0x70B);
  show("  the frame behind it", frames[7][1]);
  uint64_t old = 0;
  asm volatile("amoadd.d %0, %1, (%2)" : "=r"(old) : "r"(5ull), "r"(top_page + 8) : "memory");
  show("  amoadd.d there returned", old);
  show("  and left", frames[7][1]);
  try_load("load from the base of the top 2 MiB", top_base);
  try_store("store to its read-only page", top_base, 1);
  roots[0][511] = 0;
  fence_all();
}

}  // namespace

extern "C" uint64_t guest_main(uint64_t, uint64_t) {
  install_trap_vector();
  build_tables();
  fence_forms();
  other_spaces();
  copy_on_write();
  superpage();
  fault_types();
  top_of_the_address_space();
  GUEST_CSR_WRITE(satp, 0);
  fence_all();
  print("fence tests done\n");
  return 0;
}
