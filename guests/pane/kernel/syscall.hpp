// System calls: the number is in a7, the arguments in a0..a5, the result goes to a0.
#pragma once

#include <cstdint>

namespace pane {

void syscall();  // dispatch the current process's request

// Helpers for the sys_* functions: fetch argument n of the current system call.
uint64_t argument(int n);
int argument_int(int n);

// Each returns the value for a0; -1 (as uint64_t) reports failure.
uint64_t sys_fork();
uint64_t sys_exit();
uint64_t sys_wait();
uint64_t sys_getpid();
uint64_t sys_sbrk();
uint64_t sys_sleep();
uint64_t sys_uptime();
uint64_t sys_kill();
uint64_t sys_exec();
uint64_t sys_poweroff();
uint64_t sys_hartid();
uint64_t sys_freemem();
uint64_t sys_pipe();
uint64_t sys_read();
uint64_t sys_write();
uint64_t sys_close();
uint64_t sys_open();
uint64_t sys_dup();
uint64_t sys_unlink();
uint64_t sys_fstat();

}  // namespace pane
