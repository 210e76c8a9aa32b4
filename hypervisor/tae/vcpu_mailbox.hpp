// Requests from one vCPU (or a device) to another, applied by the target vCPU itself at
// its next exit: the only state two host harts share about a vCPU. Lock-free.
#pragma once

#include <cstdint>

namespace gh::tae {

class VcpuMailbox {
 public:
  enum Request : uint32_t {
    raise_supervisor_software = 1u << 0,  // SBI IPI: set SSIP
    raise_machine_software = 1u << 1,     // CLINT msip = 1
    lower_machine_software = 1u << 2,     // CLINT msip = 0
    flush_translations = 1u << 3,         // SBI remote sfence.vma
    start = 1u << 4,                      // SBI HSM hart_start: start_pc, start_opaque
    external_changed = 1u << 5,           // PLIC outputs changed: see external_levels()
    timer_compare_changed = 1u << 6,      // CLINT mtimecmp written by another hart
    debug_stop = 1u << 7,                 // the debugger stops this vCPU (tae/debug_hook.hpp)
  };

  void post(uint32_t requests) { __atomic_fetch_or(&pending_, requests, __ATOMIC_ACQ_REL); }
  // Takes every pending request.
  uint32_t take() { return __atomic_exchange_n(&pending_, 0u, __ATOMIC_ACQ_REL); }
  // Takes the pending requests among `mask`, leaving the others.
  uint32_t take(uint32_t mask) {
    return __atomic_fetch_and(&pending_, ~mask, __ATOMIC_ACQ_REL) & mask;
  }
  bool has_requests() const { return __atomic_load_n(&pending_, __ATOMIC_ACQUIRE) != 0; }

  // Start parameters, written before `start` is posted.
  void set_start(uint64_t pc, uint64_t opaque) {
    __atomic_store_n(&start_pc_, pc, __ATOMIC_RELAXED);
    __atomic_store_n(&start_opaque_, opaque, __ATOMIC_RELAXED);
  }
  uint64_t start_pc() const { return __atomic_load_n(&start_pc_, __ATOMIC_RELAXED); }
  uint64_t start_opaque() const { return __atomic_load_n(&start_opaque_, __ATOMIC_RELAXED); }

  // PLIC output levels: bit 0 = machine external, bit 1 = supervisor external.
  void set_external_levels(uint32_t levels) {
    __atomic_store_n(&external_levels_, levels, __ATOMIC_RELEASE);
  }
  uint32_t external_levels() const { return __atomic_load_n(&external_levels_, __ATOMIC_ACQUIRE); }

  // SBI HSM state of this vCPU (riscv::sbi::hsm_state_*), owned jointly: another vCPU
  // moves it from stopped to start pending; the vCPU itself does the rest.
  uint32_t hsm_state() const { return __atomic_load_n(&hsm_state_, __ATOMIC_ACQUIRE); }
  void set_hsm_state(uint32_t state) { __atomic_store_n(&hsm_state_, state, __ATOMIC_RELEASE); }
  bool change_hsm_state(uint32_t from, uint32_t to) {
    return __atomic_compare_exchange_n(&hsm_state_, &from, to, false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_ACQUIRE);
  }

  void set_timer_compare(uint64_t value) { __atomic_store_n(&mtimecmp_, value, __ATOMIC_RELEASE); }
  uint64_t timer_compare() const { return __atomic_load_n(&mtimecmp_, __ATOMIC_ACQUIRE); }

 private:
  uint32_t pending_ = 0;
  uint32_t external_levels_ = 0;
  uint32_t hsm_state_ = 1;  // stopped
  uint64_t start_pc_ = 0;
  uint64_t start_opaque_ = 0;
  uint64_t mtimecmp_ = ~0ull;
};

}  // namespace gh::tae
