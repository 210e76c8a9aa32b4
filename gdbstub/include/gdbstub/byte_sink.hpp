// The stub's only way out: bytes to the debugger's connection (UART, socket, test buffer).
#pragma once

#include <cstdint>
#include <span>

namespace gh::gdbstub {

class ByteSink {
 public:
  virtual void write(std::span<const uint8_t> bytes) = 0;

 protected:
  ~ByteSink() = default;
};

}  // namespace gh::gdbstub
