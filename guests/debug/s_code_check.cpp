// A guest that looks at its own code, for gdb's breakpoints to stay out of sight
// (tests/debug/: `hbreak *hw_target`, `break *patchable`). It reads the bytes of two
// functions (a checksum, their first instructions, also with an FP load), writes the same
// bytes back over them (fence.i) and calls them again, patches `patchable` to return 2,
// then turns on Sv39 with its RAM also mapped execute-only at 0x4000_0000 and reads its
// code through that alias with sstatus.MXR. It prints the same lines natively and under
// the hypervisor, with or without gdb, and ends with status 0.
#include "guest_traps.hpp"
#include "riscv/csr.hpp"
#include "sbi_guest.hpp"

using namespace guest;

extern "C" {
extern volatile uint8_t code_start[], code_end[], patchable_code[];
uint64_t hw_target(uint64_t x);  // 3x + 1
uint64_t patchable();            // 1, until the guest patches it
}

// Both functions in full-size instructions, so that each starts with a 4-byte one.
asm(R"(
  .section .text.checked, "ax"
  .option push
  .option norvc
  .balign 4
  .globl code_start, hw_target, patchable, patchable_code, code_end
code_start:
hw_target:
  slli a1, a0, 1
  add a0, a0, a1
  addi a0, a0, 1
  ret
patchable:
patchable_code:
  addi a0, zero, 1
  ret
code_end:
  .option pop
)");

namespace {

constexpr uint32_t li_a0_2 = 0x00200513;  // addi a0, zero, 2
constexpr uint64_t alias_offset = 0x8000'0000 - 0x4000'0000;

void line(const char* text, uint64_t value, bool hex = true) {
  print(text);
  if (hex) {
    print_hex(value);
  } else {
    print_dec(value);
  }
  print("\n");
}

void fence_i() { asm volatile("fence.i" ::: "memory"); }

// FNV-1a over the code, `offset` bytes below where it runs.
uint64_t checksum(uint64_t offset) {
  uint32_t hash = 2166136261u;
  for (volatile uint8_t* p = code_start; p < code_end; ++p) {
    hash = (hash ^ *reinterpret_cast<volatile uint8_t*>(reinterpret_cast<uint64_t>(p) - offset)) *
           16777619u;
  }
  return hash;
}

uint32_t first_word(volatile uint8_t* at) {
  return static_cast<uint32_t>(at[0] | at[1] << 8 | at[2] << 16 |
                               static_cast<uint32_t>(at[3]) << 24);
}

// The same 8 bytes through an FP register (fld, then fmv.x.d).
uint64_t fp_load(volatile uint8_t* at) {
  uint64_t value;
  asm volatile(".option push\n.option arch, +d\nfld ft0, 0(%1)\nfmv.x.d %0, ft0\n.option pop"
               : "=r"(value)
               : "r"(at)
               : "ft0", "memory");
  return value;
}

void show_code(const char* when) {
  print(when);
  print(":\n");
  line("  code checksum = ", checksum(0));
  line("  first instruction of hw_target = ", first_word(code_start));
  line("  first instruction of patchable = ", first_word(patchable_code));
  line("  8 bytes of patchable through fld = ", fp_load(patchable_code));
}

void call_both() {
  line("hw_target(20) = ", hw_target(20), false);
  line("patchable() = ", patchable(), false);
}

void rewrite_same_bytes() {
  for (volatile uint8_t* p = code_start; p < code_end; ++p) *p = *p;
  fence_i();
  print("rewrote the code with the bytes it read\n");
}

void patch() {
  volatile uint8_t* at = patchable_code;
  for (unsigned i = 0; i < 4; ++i) at[i] = static_cast<uint8_t>(li_a0_2 >> (8 * i));
  fence_i();
  print("patched patchable to return 2\n");
}

// Sv39: RAM identity-mapped (RWX), and again at 0x4000_0000 execute-only.
alignas(4096) uint64_t root[512];

void paging_on() {
  namespace pte = gh::riscv::pte;
  root[2] = pte::make(0x8000'0000, pte::v | pte::r | pte::w | pte::x | pte::a | pte::d);
  root[1] = pte::make(0x8000'0000, pte::v | pte::x | pte::a);
  asm volatile("sfence.vma zero, zero" ::: "memory");
  GUEST_CSR_WRITE(satp, (8ull << 60) | (reinterpret_cast<uint64_t>(root) >> 12));
  asm volatile("sfence.vma zero, zero" ::: "memory");
  print("paging on: Sv39\n");
}

void paging_off() {
  GUEST_CSR_WRITE(satp, 0);
  asm volatile("sfence.vma zero, zero" ::: "memory");
}

}  // namespace

extern "C" uint64_t guest_main(uint64_t, uint64_t) {
  install_trap_vector();
  call_both();
  show_code("before");
  const uint64_t before = checksum(0);
  rewrite_same_bytes();
  show_code("after rewriting");
  call_both();
  patch();
  call_both();
  show_code("after the patch");
  const uint64_t patched = checksum(0);
  paging_on();
  call_both();
  GUEST_CSR_SET(sstatus, 1ull << 19);  // MXR: loads from execute-only pages
  const uint64_t through_alias = checksum(alias_offset);
  GUEST_CSR_CLEAR(sstatus, 1ull << 19);
  paging_off();
  line("code checksum through the execute-only alias = ", through_alias);
  print(through_alias == patched ? "the alias shows the same code\n" : "the alias differs!\n");
  print(before != patched ? "the patch changed the checksum\n" : "the patch changed nothing!\n");
  print("code check done\n");
  return through_alias == patched && before != patched ? 0 : 1;
}
