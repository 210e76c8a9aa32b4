// The freestanding C/C++ runtime the compiler may call into.
#include <cstddef>
#include <cstdint>

extern "C" {

void* memcpy(void* dest, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dest);
  const auto* s = static_cast<const unsigned char*>(src);
  if (((reinterpret_cast<uintptr_t>(d) | reinterpret_cast<uintptr_t>(s) | n) & 7) == 0) {
    auto* d8 = reinterpret_cast<uint64_t*>(d);
    const auto* s8 = reinterpret_cast<const uint64_t*>(s);
    for (size_t i = 0; i < n / 8; ++i) d8[i] = s8[i];
    return dest;
  }
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
  return dest;
}

void* memmove(void* dest, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dest);
  const auto* s = static_cast<const unsigned char*>(src);
  if (d < s) {
    for (size_t i = 0; i < n; ++i) d[i] = s[i];
  } else {
    for (size_t i = n; i > 0; --i) d[i - 1] = s[i - 1];
  }
  return dest;
}

void* memset(void* dest, int value, size_t n) {
  auto* d = static_cast<unsigned char*>(dest);
  if (value == 0 && ((reinterpret_cast<uintptr_t>(d) | n) & 7) == 0) {
    auto* d8 = reinterpret_cast<uint64_t*>(d);
    for (size_t i = 0; i < n / 8; ++i) d8[i] = 0;
    return dest;
  }
  for (size_t i = 0; i < n; ++i) d[i] = static_cast<unsigned char>(value);
  return dest;
}

int memcmp(const void* a, const void* b, size_t n) {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

void* memchr(const void* s, int c, size_t n) {
  const auto* p = static_cast<const unsigned char*>(s);
  for (size_t i = 0; i < n; ++i) {
    if (p[i] == static_cast<unsigned char>(c)) return const_cast<unsigned char*>(p + i);
  }
  return nullptr;
}

size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n] != 0) ++n;
  return n;
}

void __cxa_pure_virtual() {
  for (;;) {
  }
}

}  // extern "C"

extern "C" [[noreturn]] void vmm_fault(uint64_t cause, uint64_t pc, uint64_t tval, uint64_t sp);

// Library code reports contract violations (e.g. string_view::substr out of range) here:
// a hypervisor bug, so stop loudly.
namespace std {
[[noreturn]] void __throw_out_of_range_fmt(const char*, ...) {
  vmm_fault(0, reinterpret_cast<uint64_t>(__builtin_return_address(0)), 0, 0);
}
}  // namespace std

void operator delete(void*, size_t) noexcept {}
void operator delete(void*) noexcept {}
