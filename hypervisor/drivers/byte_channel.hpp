// A host channel that carries a byte stream (the gdb remote protocol): the 16550 UART
// or the virtio console. Sending takes a whole batch (a gdb packet) at once, so a
// transport that moves buffers rather than bytes sends it in one piece.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace gh::drivers {

class ByteChannel {
 public:
  // Copies what has arrived into `into`; returns how many bytes (0: nothing yet).
  virtual size_t receive(std::span<uint8_t> into) = 0;
  // Sends `bytes` (false: the channel is broken and they were dropped).
  virtual bool send(std::span<const uint8_t> bytes) = 0;
  // Waits until everything sent has left.
  virtual void flush() = 0;
  // Why the channel moves nothing any more (a device that broke the protocol), or nullptr.
  [[nodiscard]] virtual const char* fault() const = 0;

 protected:
  ~ByteChannel() = default;
};

}  // namespace gh::drivers
