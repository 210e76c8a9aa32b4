// Where a hart goes after one instruction, computed from its encoding and the integer
// registers: the debugger's single step plants temporary breakpoints there. Branches are
// evaluated, so there is exactly one next pc. Instructions that trap to the hypervisor
// (CSR access, ecall, xRET, wfi) answer pc + length: the exit itself ends such a step.
#pragma once

#include <array>
#include <cstdint>

namespace gh::riscv {

// `bits`: the instruction (only the low 16 bits for a compressed one); `x`: x0..x31.
uint64_t next_pc(uint32_t bits, uint64_t pc, const std::array<uint64_t, 32>& x);

// Jumps and branches change nothing but the pc and a link register, so the next pc and
// the link are all it takes to execute one.
struct ControlTransfer {
  bool transfers = false;  // jal, jalr, a branch (taken or not) or a compressed form of one
  uint8_t link = 0;        // the register that receives pc + length (0: none)
};
ControlTransfer control_transfer(uint32_t bits);

}  // namespace gh::riscv
