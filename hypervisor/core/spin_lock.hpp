// A test-and-test-and-set spin lock on compiler atomics: freestanding, host-testable.
#pragma once

namespace gh::core {

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

}  // namespace gh::core
