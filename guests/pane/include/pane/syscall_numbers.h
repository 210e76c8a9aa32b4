/* Pane's system call numbers, shared by the kernel (C++) and the user library's
 * assembly stubs. A program puts the number in a7, the arguments in a0..a5, and
 * executes `ecall`; the result comes back in a0 (negative means failure). */
#pragma once

#define SYS_fork 1
#define SYS_exit 2
#define SYS_wait 3
#define SYS_pipe 4
#define SYS_read 5
#define SYS_write 6
#define SYS_close 7
#define SYS_open 8
#define SYS_exec 9
#define SYS_getpid 10
#define SYS_sbrk 11
#define SYS_sleep 12
#define SYS_uptime 13
#define SYS_kill 14
#define SYS_dup 15
#define SYS_unlink 16
#define SYS_fstat 17
#define SYS_poweroff 18
#define SYS_hartid 19
#define SYS_freemem 20

/* Flags for open(). */
#define O_READ 0x1
#define O_WRITE 0x2
#define O_CREATE 0x100
#define O_TRUNCATE 0x200
