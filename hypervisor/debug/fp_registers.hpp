// The guest's FP registers. The hypervisor never touches them (it is built integer-only),
// so they stay live in the hardware of the vCPU's host hart: a vCPU that parks for the
// debugger saves them there, and loads them back before it runs if gdb changed them.
// The VMM implements FpRegisterFile with fld/fsd; without one, gdb sees <unavailable>.
#pragma once

#include <array>
#include <cstdint>

namespace gh::debug {

struct FpState {
  std::array<uint64_t, 32> f{};
  uint64_t fcsr = 0;  // frm in bits 7:5, fflags in bits 4:0
};
static_assert(sizeof(FpState) == 33 * 8);  // the layout the VMM's assembly stores

class FpRegisterFile {
 public:
  // Both run on the vCPU's own host hart.
  virtual void save(FpState& out) = 0;
  virtual void load(const FpState& in) = 0;

 protected:
  ~FpRegisterFile() = default;
};

}  // namespace gh::debug
