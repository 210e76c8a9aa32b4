// Kernel messages on the console, written synchronously (the kernel never waits for
// the UART interrupt to print), and panic() for the unrecoverable.
#pragma once

namespace pane {

void printk(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
[[noreturn]] void panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace pane
