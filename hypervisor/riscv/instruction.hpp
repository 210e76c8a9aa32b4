// RISC-V instruction decoder: turns the 16- or 32-bit encoding of a trapped guest
// instruction into an Instruction, once, so that handlers never mask raw bits.
//
// It covers what the hypervisor emulates or inspects: the SYSTEM instructions
// (CSR access, ecall, ebreak, mret, sret, wfi, sfence.vma), integer and
// floating-point loads and stores of every width incl. the compressed forms (MMIO
// emulation), LR/SC and AMOs. Everything else decodes as Opcode::other (a valid
// instruction the hypervisor has no business with) or Opcode::illegal.
#pragma once

#include <cstdint>

namespace gh::riscv {

enum class Opcode : uint8_t {
  illegal,   // reserved or malformed encoding (e.g. 0x0000)
  other,     // any other instruction; the hypervisor does not emulate it
  load,      // rd = mem[rs1 + imm], width bytes, sign-extended if is_signed
  store,     // mem[rs1 + imm] = rs2, width bytes
  fp_load,   // f[rd] = mem[rs1 + imm]
  fp_store,  // mem[rs1 + imm] = f[rs2]
  lr,        // load-reserved, width 4 or 8, address in rs1
  sc,        // store-conditional
  amo,       // atomic read-modify-write: amo_op
  csrrw,
  csrrs,
  csrrc,
  csrrwi,  // the immediate forms: the 5-bit zero-extended immediate is in imm (and rs1)
  csrrsi,
  csrrci,
  ecall,
  ebreak,  // ebreak and c.ebreak
  mret,
  sret,
  wfi,
  sfence_vma,  // rs1: virtual address (x0: all), rs2: ASID (x0: all)
};

enum class AmoOp : uint8_t { none, swap, add, xor_, and_, or_, min, max, minu, maxu };

struct Instruction {
  Opcode opcode = Opcode::illegal;
  uint8_t length = 4;      // bytes: 2 (compressed) or 4
  uint8_t rd = 0;          // destination register (f-register for fp_load)
  uint8_t rs1 = 0;         // base address / CSR source / sfence vaddr
  uint8_t rs2 = 0;         // store data (f-register for fp_store) / sfence ASID
  uint8_t width = 0;       // memory access size in bytes: 1, 2, 4, 8
  bool is_signed = false;  // loads: sign-extend the value
  bool acquire = false;    // AMO/LR/SC aq bit
  bool release = false;    // AMO/LR/SC rl bit
  AmoOp amo_op = AmoOp::none;
  uint16_t csr = 0;   // CSR number for the csr* forms
  int64_t imm = 0;    // address offset for loads/stores; zimm for csr*i
  uint32_t bits = 0;  // the raw encoding (16 bits for compressed), e.g. for xtval

  constexpr bool is_csr_access() const {
    return opcode >= Opcode::csrrw && opcode <= Opcode::csrrci;
  }
  constexpr bool is_memory_access() const {
    return opcode >= Opcode::load && opcode <= Opcode::amo;
  }
};

// Length in bytes of the instruction whose first 16-bit parcel is `low_parcel`:
// 2 for compressed, 4 otherwise (longer encodings are not used on RV64GC).
constexpr unsigned instruction_length(uint16_t low_parcel) { return (low_parcel & 3) == 3 ? 4 : 2; }

// Decodes one instruction. For a compressed instruction only the low 16 bits of
// `bits` are looked at.
Instruction decode(uint32_t bits);

// The two halves, exposed for tests.
Instruction decode_32(uint32_t bits);
Instruction decode_16(uint16_t bits);

}  // namespace gh::riscv
