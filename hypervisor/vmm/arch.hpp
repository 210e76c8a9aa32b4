// The few machine instructions the hypervisor issues itself (inline assembly lives only
// in hypervisor/vmm/, never in host-compiled code).
#pragma once

#include <cstdint>

#include "core/spin_lock.hpp"

#define GH_CSR_READ(name)                                     \
  ({                                                          \
    uint64_t value_;                                          \
    asm volatile("csrr %0, " #name : "=r"(value_)::"memory"); \
    value_;                                                   \
  })
#define GH_CSR_WRITE(name, value) \
  asm volatile("csrw " #name ", %0" ::"r"(uint64_t(value)) : "memory")
#define GH_CSR_SET(name, bits) asm volatile("csrs " #name ", %0" ::"r"(uint64_t(bits)) : "memory")
#define GH_CSR_CLEAR(name, bits) asm volatile("csrc " #name ", %0" ::"r"(uint64_t(bits)) : "memory")

namespace gh::vmm {

inline void wait_for_interrupt() { asm volatile("wfi" ::: "memory"); }
inline void fence() { asm volatile("fence rw, rw" ::: "memory"); }
inline void sfence_vma_all() { asm volatile("sfence.vma zero, zero" ::: "memory"); }

template <typename T>
inline T mmio_read(uint64_t address) {
  return *reinterpret_cast<volatile T*>(address);
}
template <typename T>
inline void mmio_write(uint64_t address, T value) {
  *reinterpret_cast<volatile T*>(address) = value;
}

using core::LockGuard;
using core::SpinLock;

}  // namespace gh::vmm
