// The result of emulating one trapped guest instruction, or of delivering a trap:
// what the VMM must do with the guest pc, and which host-side state to refresh.
// Handlers never touch the pc themselves.
#pragma once

#include <cstdint>
#include <optional>

#include "riscv/csr.hpp"

namespace gh::vcpu {

enum class Next : uint8_t {
  advance,             // pc += instruction length
  jump,                // pc = target (mret, sret, a delivered trap)
  raise_exception,     // VirtualHart::take_exception(exception, tval, pc) delivers it
  wait_for_interrupt,  // pc += length, then idle until VirtualHart::should_wake()
  ecall,               // SBI layer (S-mode boot) or VirtualHart::take_exception(exception, 0, pc)
  sfence_vma,          // pc += length, then flush shadow translations for vaddr/asid
};

// Side effects the VMM must apply to the host before resuming the guest.
namespace effect {
constexpr uint8_t none = 0;
constexpr uint8_t satp_changed = 1 << 0;         // guest satp changed: pick/refill the shadow root
constexpr uint8_t translation_changed = 1 << 1;  // privilege, or mstatus MPRV/MPP/SUM/MXR changed
constexpr uint8_t fp_state_changed = 1 << 2;     // mstatus.FS changed: update host sstatus.FS
}  // namespace effect

struct [[nodiscard]] Outcome {
  Next next = Next::advance;
  uint8_t effects = effect::none;
  riscv::Exception exception = riscv::Exception::illegal_instruction;  // raise_exception, ecall
  uint64_t target = 0;                                                 // jump: the new pc
  uint64_t tval = 0;              // raise_exception: the xtval the guest will see
  std::optional<uint64_t> vaddr;  // sfence_vma: nullopt = every address
  std::optional<uint64_t> asid;   // sfence_vma: nullopt = every address space

  static constexpr Outcome advance(uint8_t effects = effect::none) {
    Outcome o;
    o.effects = effects;
    return o;
  }
  static constexpr Outcome jump(uint64_t pc, uint8_t effects = effect::none) {
    Outcome o;
    o.next = Next::jump;
    o.target = pc;
    o.effects = effects;
    return o;
  }
  static constexpr Outcome raise(riscv::Exception cause, uint64_t tval = 0) {
    Outcome o;
    o.next = Next::raise_exception;
    o.exception = cause;
    o.tval = tval;
    return o;
  }
  static constexpr Outcome illegal(uint32_t instruction_bits) {
    return raise(riscv::Exception::illegal_instruction, instruction_bits);
  }
  static constexpr Outcome wait_for_interrupt() {
    Outcome o;
    o.next = Next::wait_for_interrupt;
    return o;
  }
  static constexpr Outcome ecall(riscv::Exception cause) {
    Outcome o;
    o.next = Next::ecall;
    o.exception = cause;
    return o;
  }
  static constexpr Outcome sfence_vma(std::optional<uint64_t> vaddr, std::optional<uint64_t> asid) {
    Outcome o;
    o.next = Next::sfence_vma;
    o.vaddr = vaddr;
    o.asid = asid;
    return o;
  }
};

}  // namespace gh::vcpu
