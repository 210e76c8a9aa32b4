// Where stream bytes come from: a recorded file, a TCP connection to the hypervisor's
// event channel (QEMU's chardev socket), or the shared-memory ring of the full-rate path.
// A Session is built the same way from any of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace gh::model {

struct ReadResult {
  size_t size = 0;
  bool end = false;   // no more bytes will come (EOF, peer closed, or an error)
  std::string error;  // set when the end came from an error
};

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Blocks up to `timeout_ms` (-1: until bytes arrive) and reads what is there.
  virtual ReadResult read(std::span<uint8_t> out, int timeout_ms) = 0;
  // Sends bytes to the hypervisor; false when the source cannot (a file) or failed.
  virtual bool send(std::span<const uint8_t> bytes) = 0;
  [[nodiscard]] virtual std::string description() const = 0;
};

struct OpenedSource {
  std::unique_ptr<ByteSource> source;
  std::string error;  // when source is null: why, for the user
};

OpenedSource open_file_source(const std::string& path);
// "HOST:PORT" (HOST may be a name or an IPv4/IPv6 address; [v6]:PORT also works).
OpenedSource connect_tcp_source(const std::string& host_port);

// The shared-memory rings of `run --events shm:PATH`: events in, commands out.
OpenedSource open_shared_ring_source(const std::string& path);
// A live stream: "shm:PATH" for a shared-memory ring, otherwise "HOST:PORT".
OpenedSource connect_source(const std::string& where);

// An in-memory source, for tests and for replaying a buffer.
std::unique_ptr<ByteSource> memory_source(std::string name, std::span<const uint8_t> bytes);

}  // namespace gh::model
