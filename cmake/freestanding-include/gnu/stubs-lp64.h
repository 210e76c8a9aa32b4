/* Debian's riscv64 glibc headers ship only the lp64d flavour of this file. Our code is
 * freestanding (no glibc) but libstdc++'s configuration headers include <features.h>,
 * which wants it for the soft-float lp64 ABI we build with. It lists glibc functions
 * that are stubs; we call none, so it is empty. */
