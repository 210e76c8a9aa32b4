// What a Pane user program can call: the system calls and a few library routines.
#pragma once

#include <cstdint>

#include "../common/string.hpp"
#include "../include/pane/stat.hpp"
#include "../include/pane/syscall_numbers.h"

extern "C" {
// System calls (syscalls.S). Failures return -1.
int fork();
[[noreturn]] void exit(int status);
int wait(int* status);  // pid of a child that exited; its exit status in *status
int pipe(int fds[2]);
int read(int fd, void* buffer, int n);
int write(int fd, const void* buffer, int n);
int close(int fd);
int open(const char* path, int flags);
int exec(const char* path, const char* const* argv);
int getpid();
char* sbrk(long bytes);  // the old end of memory, or (char*)-1
int sleep(long ticks);   // one tick is 10 ms
long uptime();           // ticks since boot
int kill(int pid);
int dup(int fd);
int unlink(const char* path);
int fstat(int fd, pane::FileStatus* status);
[[noreturn]] void poweroff(int status);
int hartid();    // which hart runs this process right now
long freemem();  // free physical memory, in bytes
}

constexpr int kStdin = 0, kStdout = 1, kStderr = 2;

// ulib.cpp
void printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void fprintf(int fd, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
int read_line(int fd, char* buffer, int max);        // without the '\n'; -1 at end of input
int split_words(char* line, char** words, int max);  // in place; returns the count
int atoi(const char* s);
// Runs a program (found as "/name") with argv and waits; its exit status, or -1.
int run(const char* const* argv);
