// A tiny printf engine shared by the kernel's printk and the user library's printf.
// It understands %d %u %x %p %s %c %% and the 'l' size prefix (%ld %lu %lx).
#pragma once

#include <cstdarg>

namespace pane {

using PutChar = void (*)(char c, void* context);

void format(PutChar put, void* context, const char* fmt, va_list args);

}  // namespace pane
