// The Exx codes the stub answers with (errno values, as gdbserver uses them).
#pragma once

#include <cstdint>

namespace gh::gdbstub::error_code {

inline constexpr uint8_t no_such_thread = 0x03;  // ESRCH
inline constexpr uint8_t too_long = 0x07;        // E2BIG: oversized packet or reply
inline constexpr uint8_t fault = 0x0E;           // EFAULT: unmapped memory
inline constexpr uint8_t invalid = 0x16;         // EINVAL: malformed packet or argument

}  // namespace gh::gdbstub::error_code
