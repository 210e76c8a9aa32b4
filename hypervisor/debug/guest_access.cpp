#include "debug/guest_access.hpp"

#include <array>

#include "riscv/decode_helpers.hpp"

namespace gh::debug {
namespace {

constexpr uint64_t page_size = 4096;

// The guest's view of `width` bytes at `gpa`: breakpoints hidden.
std::optional<uint64_t> load(tae::GuestRam& ram, const BreakpointTable& breakpoints, uint64_t gpa,
                             unsigned width) {
  if (!breakpoints.on_page(gpa)) return ram.read(gpa, width);
  std::array<uint8_t, 8> bytes{};
  for (unsigned i = 0; i < width; ++i) {
    auto byte = ram.read_byte(gpa + i);
    if (!byte) return std::nullopt;
    bytes[i] = *byte;
  }
  breakpoints.hide(gpa, std::span(bytes.data(), width));
  uint64_t value = 0;
  for (unsigned i = width; i-- > 0;) value = value << 8 | bytes[i];
  return value;
}

bool store(tae::GuestRam& ram, BreakpointTable& breakpoints, uint64_t gpa, unsigned width,
           uint64_t value) {
  if (!breakpoints.on_page(gpa)) return ram.write(gpa, width, value);
  std::array<uint8_t, 8> bytes{};
  for (unsigned i = 0; i < width; ++i) bytes[i] = static_cast<uint8_t>(value >> (8 * i));
  breakpoints.write_through(gpa, std::span<const uint8_t>(bytes.data(), width));
  return true;
}

// An FP register as a narrower load leaves it: NaN-boxed (upper bits all ones).
uint64_t nan_boxed(uint64_t value, unsigned width) {
  return width >= 8 ? value : riscv::truncate_store(value, width) | ~uint64_t{0} << (8 * width);
}

bool fp_access(tae::TaeVcpu& vcpu, const riscv::Instruction& insn, uint64_t gpa,
               BreakpointTable& breakpoints, VcpuHartOps* hart_ops) {
  if (hart_ops == nullptr) return false;
  FpState fp;
  hart_ops->save_fp(fp);
  tae::GuestRam& ram = vcpu.vm().ram();
  if (insn.opcode == riscv::Opcode::fp_store) {
    return store(ram, breakpoints, gpa, insn.width,
                 riscv::truncate_store(fp.f[insn.rs2], insn.width));
  }
  auto value = load(ram, breakpoints, gpa, insn.width);
  if (!value) return false;
  fp.f[insn.rd] = nan_boxed(*value, insn.width);
  hart_ops->load_fp(fp);
  return true;
}

bool integer_access(tae::TaeVcpu& vcpu, const riscv::Instruction& insn, uint64_t gpa,
                    BreakpointTable& breakpoints) {
  tae::GuestCpuState& state = vcpu.state();
  tae::GuestRam& ram = vcpu.vm().ram();
  if (insn.opcode == riscv::Opcode::store) {
    return store(ram, breakpoints, gpa, insn.width,
                 riscv::truncate_store(state.x[insn.rs2], insn.width));
  }
  auto value = load(ram, breakpoints, gpa, insn.width);
  if (!value) return false;
  if (insn.rd != 0) state.x[insn.rd] = riscv::extend_load(*value, insn.width, insn.is_signed);
  return true;
}

}  // namespace

bool emulate_guest_access(tae::TaeVcpu& vcpu, const riscv::Instruction& insn, const mmu::Walk& walk,
                          BreakpointTable& breakpoints, VcpuHartOps* hart_ops) {
  using riscv::Opcode;
  const bool integer = insn.opcode == Opcode::load || insn.opcode == Opcode::store;
  const bool fp = insn.opcode == Opcode::fp_load || insn.opcode == Opcode::fp_store;
  if (!integer && !fp) return false;
  if (insn.width == 0 || insn.width > 8 || (walk.gpa % page_size) + insn.width > page_size) {
    return false;
  }
  const bool done = integer ? integer_access(vcpu, insn, walk.gpa, breakpoints)
                            : fp_access(vcpu, insn, walk.gpa, breakpoints, hart_ops);
  if (done) vcpu.state().pc += insn.length;
  return done;
}

}  // namespace gh::debug
