// Sizes of every bounded buffer in the stub.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gh::gdbstub {

// Largest packet payload we accept and send (advertised as PacketSize in qSupported).
inline constexpr size_t kMaxPayload = 0x4000;
// vCPUs are threads 1..kMaxThreads.
inline constexpr uint32_t kMaxThreads = 64;
// Longest text (thread extra info, one chunk of monitor output) before hex encoding.
inline constexpr size_t kMaxText = 256;

}  // namespace gh::gdbstub
