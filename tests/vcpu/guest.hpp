// Test support: a VirtualHart driven the way a guest drives it, through encoded
// instructions, so tests read like guest code.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <string>

#include "riscv/csr.hpp"
#include "riscv/instruction.hpp"
#include "vcpu/virtual_hart.hpp"

namespace gh::vcpu::test {

using riscv::Csr;
using riscv::csr_number;

inline std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

// csrrw/csrrs/csrrc (funct3 1..3) and the immediate forms (5..7).
constexpr uint32_t encode_csr(unsigned funct3, unsigned rd, unsigned rs1, uint16_t csr) {
  return (uint32_t{csr} << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | 0x73;
}

constexpr uint32_t kMret = 0x30200073, kSret = 0x10200073, kWfi = 0x10500073;
constexpr uint32_t kEcall = 0x00000073, kEbreak = 0x00100073;
constexpr unsigned kT0 = 5, kA0 = 10;

struct Guest {
  VirtualHart hart;
  GuestRegisters regs{};

  explicit Guest(const HartConfig& config = {}) : hart(config) {}

  Outcome run(uint32_t bits) { return hart.execute(riscv::decode(bits), regs); }

  // csrr a0, csr: the value, or nullopt if the guest took an illegal instruction.
  std::optional<uint64_t> csrr(Csr csr) { return csrr(csr_number(csr)); }
  std::optional<uint64_t> csrr(uint16_t csr) {
    regs[kA0] = 0xBAD;
    const Outcome o = run(encode_csr(2, kA0, 0, csr));
    if (o.next != Next::advance) return std::nullopt;
    return regs[kA0];
  }
  // csrw csr, t0 (csrrw x0): the outcome.
  Outcome csrw(Csr csr, uint64_t value) { return csrw(csr_number(csr), value); }
  Outcome csrw(uint16_t csr, uint64_t value) {
    regs[kT0] = value;
    return run(encode_csr(1, 0, kT0, csr));
  }
  Outcome csrs(Csr csr, uint64_t bits) {
    regs[kT0] = bits;
    return run(encode_csr(2, 0, kT0, csr_number(csr)));
  }
  Outcome csrc(Csr csr, uint64_t bits) {
    regs[kT0] = bits;
    return run(encode_csr(3, 0, kT0, csr_number(csr)));
  }
  // Value of a CSR whatever the current privilege (as gdb would read it).
  uint64_t peek(Csr csr) const { return *hart.read_csr(csr_number(csr)); }
  // Sets a CSR as M-mode code would, then returns to `mode`.
  void poke(Csr csr, uint64_t value) { (void)hart.write_csr(csr_number(csr), value); }
  void enter(Privilege mode) { hart.set_privilege(mode); }
};

inline bool is_illegal(const Outcome& o) {
  return o.next == Next::raise_exception && o.exception == riscv::Exception::illegal_instruction;
}

}  // namespace gh::vcpu::test
