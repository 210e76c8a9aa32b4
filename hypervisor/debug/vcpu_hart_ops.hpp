// What the debugger does on a vCPU's own host hart, through the VMM (inline assembly
// lives only in hypervisor/vmm/):
//  - FP registers: the hypervisor never touches them (it is built integer-only), so they
//    stay live in the vCPU's host hart. A vCPU that parks for the debugger saves them,
//    and loads them back before it runs if gdb changed them. Without a VcpuHartOps gdb
//    sees them <unavailable>.
//  - instruction fetch: breakpoints are written into guest RAM from another hart; a
//    released vCPU synchronises its instruction fetch (fence.i) before it runs again.
#pragma once

#include <array>
#include <cstdint>

namespace gh::debug {

struct FpState {
  std::array<uint64_t, 32> f{};
  uint64_t fcsr = 0;  // frm in bits 7:5, fflags in bits 4:0
};
static_assert(sizeof(FpState) == 33 * 8);  // the layout the VMM's assembly stores

class VcpuHartOps {
 public:
  // All run on the vCPU's own host hart.
  virtual void save_fp(FpState& out) = 0;
  virtual void load_fp(const FpState& in) = 0;
  virtual void sync_instruction_fetch() = 0;

 protected:
  ~VcpuHartOps() = default;
};

}  // namespace gh::debug
