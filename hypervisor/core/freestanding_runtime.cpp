// The freestanding C/C++ runtime the compiler may call into, for everything we build for
// riscv64 (the hypervisor and the test guests): memory and string helpers, bit counting,
// and the hooks C++ library code calls on a broken contract. Each program defines
// gh_runtime_panic() to stop loudly in its own way.
#include <cstddef>
#include <cstdint>

extern "C" [[noreturn]] void gh_runtime_panic(const char* what, uint64_t where);

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

// Bit counting that GCC calls for std::countr_zero and friends. Debian's libgcc is built
// for the lp64d ABI and cannot be linked with our soft-float objects, so these live here,
// written without loops that the compiler could turn back into the same calls.
int __ctzdi2(uint64_t x) {
  static constexpr uint8_t debruijn_position[64] = {
      0,  1,  2,  53, 3,  7,  54, 27, 4,  38, 41, 8,  34, 55, 48, 28, 62, 5,  39, 46, 44, 42,
      22, 9,  24, 35, 59, 56, 49, 18, 29, 11, 63, 52, 6,  26, 37, 40, 33, 47, 61, 45, 43, 21,
      23, 58, 17, 10, 51, 25, 36, 32, 60, 20, 57, 16, 50, 31, 19, 15, 30, 14, 13, 12};
  return debruijn_position[((x & (0 - x)) * 0x022fdd63cc95386dull) >> 58];
}

int __ctzsi2(uint32_t x) { return __ctzdi2(x); }

int __clzdi2(uint64_t x) {
  int n = 0;
  if ((x >> 32) == 0) n += 32, x <<= 32;
  if ((x >> 48) == 0) n += 16, x <<= 16;
  if ((x >> 56) == 0) n += 8, x <<= 8;
  if ((x >> 60) == 0) n += 4, x <<= 4;
  if ((x >> 62) == 0) n += 2, x <<= 2;
  if ((x >> 63) == 0) n += 1;
  return n;
}

int __clzsi2(uint32_t x) { return __clzdi2(x) - 32; }

int __popcountdi2(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return static_cast<int>((x * 0x0101010101010101ull) >> 56);
}

void __cxa_pure_virtual() {
  gh_runtime_panic("pure virtual call", reinterpret_cast<uint64_t>(__builtin_return_address(0)));
}

}  // extern "C"

// Library code reports contract violations (e.g. string_view::substr out of range) here:
// a bug, so stop loudly.
namespace std {
[[noreturn]] void __throw_out_of_range_fmt(const char*, ...) {
  gh_runtime_panic("out of range", reinterpret_cast<uint64_t>(__builtin_return_address(0)));
}
}  // namespace std

void operator delete(void*, size_t) noexcept {}
void operator delete(void*) noexcept {}
