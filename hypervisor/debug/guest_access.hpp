// Loads and stores the debugger performs for a guest instruction that trapped on a page it
// keeps rights off (a watchpoint's page, a page with planted breakpoints, the page a step
// runs from), done on guest RAM as the guest must see it: planted breakpoints read as the
// bytes they replaced, and a store over one changes what it replaced while it stays
// planted (BreakpointTable::hide, write_through).
#pragma once

#include "debug/breakpoint_table.hpp"
#include "debug/vcpu_hart_ops.hpp"
#include "mmu/page_table_walker.hpp"
#include "riscv/instruction.hpp"
#include "tae/tae_vcpu.hpp"

namespace gh::debug {

// Integer and FP loads and stores within one page, at `walk` (the guest's translation of
// the access); FP registers through the vCPU's own hart (`hart_ops`, nullptr: no FP).
// The pc moves past the instruction. False when it is none of those (an AMO, LR/SC, an
// access that crosses the page): nothing happened.
bool emulate_guest_access(tae::TaeVcpu& vcpu, const riscv::Instruction& insn, const mmu::Walk& walk,
                          BreakpointTable& breakpoints, VcpuHartOps* hart_ops);

}  // namespace gh::debug
