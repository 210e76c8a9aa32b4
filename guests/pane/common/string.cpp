// The memory and string routines the compiler may call on its own (for struct copies
// and zeroing) and that both the kernel and user programs use. Simple byte loops:
// clear rather than fast.
#include <cstddef>

extern "C" {

void* memset(void* dst, int value, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  for (size_t i = 0; i < n; i++) d[i] = static_cast<unsigned char>(value);
  return dst;
}

void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  if (d < s) {
    for (size_t i = 0; i < n; i++) d[i] = s[i];
  } else {
    for (size_t i = n; i > 0; i--) d[i - 1] = s[i - 1];
  }
  return dst;
}

void* memcpy(void* dst, const void* src, size_t n) { return memmove(dst, src, n); }

int memcmp(const void* a, const void* b, size_t n) {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; i++) {
    if (x[i] != y[i]) return x[i] - y[i];
  }
  return 0;
}

size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

int strcmp(const char* a, const char* b) {
  while (*a && *a == *b) a++, b++;
  return static_cast<unsigned char>(*a) - static_cast<unsigned char>(*b);
}

int strncmp(const char* a, const char* b, size_t n) {
  for (; n > 0; n--, a++, b++) {
    if (*a != *b || *a == '\0')
      return static_cast<unsigned char>(*a) - static_cast<unsigned char>(*b);
  }
  return 0;
}

// Copies at most n-1 characters and always terminates dst (when n > 0).
char* strlcpy_pane(char* dst, const char* src, size_t n) {
  if (n == 0) return dst;
  size_t i = 0;
  for (; i + 1 < n && src[i]; i++) dst[i] = src[i];
  dst[i] = '\0';
  return dst;
}
}
