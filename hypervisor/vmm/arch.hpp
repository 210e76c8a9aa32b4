// The few machine instructions the hypervisor issues itself (inline assembly lives only
// in hypervisor/vmm/, never in host-compiled code).
#pragma once

#include <cstdint>

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

class SpinLock {
 public:
  void lock() {
    while (__atomic_exchange_n(&locked_, 1, __ATOMIC_ACQUIRE) != 0) {
      while (__atomic_load_n(&locked_, __ATOMIC_RELAXED) != 0) {
      }
    }
  }
  void unlock() { __atomic_store_n(&locked_, 0, __ATOMIC_RELEASE); }

 private:
  int locked_ = 0;
};

class LockGuard {
 public:
  explicit LockGuard(SpinLock& lock) : lock_(lock) { lock_.lock(); }
  ~LockGuard() { lock_.unlock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  SpinLock& lock_;
};

}  // namespace gh::vmm
