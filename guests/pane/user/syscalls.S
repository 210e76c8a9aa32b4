/* One stub per system call: number in a7, then ecall. The arguments are already in
 * a0..a5 (the C calling convention), and the kernel leaves the result in a0. */
#include "../include/pane/syscall_numbers.h"

#define SYSCALL(name) \
  .globl name;        \
  name:               \
  li a7, SYS_##name;  \
  ecall;              \
  ret

.section .text
SYSCALL(fork)
SYSCALL(exit)
SYSCALL(wait)
SYSCALL(pipe)
SYSCALL(read)
SYSCALL(write)
SYSCALL(close)
SYSCALL(open)
SYSCALL(exec)
SYSCALL(getpid)
SYSCALL(sbrk)
SYSCALL(sleep)
SYSCALL(uptime)
SYSCALL(kill)
SYSCALL(dup)
SYSCALL(unlink)
SYSCALL(fstat)
SYSCALL(poweroff)
SYSCALL(hartid)
SYSCALL(freemem)
