// The console: the terminal as a file. Input is edited a line at a time (backspace
// works; Ctrl-D ends input) and echoed; read() returns at most one line.
#pragma once

#include <cstdint>

namespace pane {

struct File;

void console_input(char c);                 // from the UART interrupt
int console_read(uint64_t dst_va, int n);   // into user memory
int console_write(uint64_t src_va, int n);  // from user memory
File* open_console();                       // a new File for the console (fd 0, 1, 2)

}  // namespace pane
