// The event stream's full-rate path on the host: the shared-memory ring the hypervisor
// fills (`./glasshouse run --events shm:PATH`), mapped from its file and read like a socket.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "byte_source.hpp"
#include "events/shared_ring.hpp"

namespace gh::model {
namespace {

class SharedRingSource : public ByteSource {
 public:
  SharedRingSource(void* memory, size_t size, std::string path)
      : memory_(memory),
        size_(size),
        path_(std::move(path)),
        ring_({static_cast<uint8_t*>(memory), size}) {}
  ~SharedRingSource() override { ::munmap(memory_, size_); }

  // Waits (polling every millisecond) for the hypervisor to lay the ring out and fill it;
  // ends once it has closed the ring and everything in it was read.
  ReadResult read(std::span<uint8_t> out, int timeout_ms) override {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      if (ring_.valid()) {
        const bool closed = ring_.closed();  // before reading: nothing can follow it
        if (const size_t got = ring_.read(out); got > 0)
          return {.size = got, .end = false, .error = {}};
        if (closed) return {.size = 0, .end = true, .error = {}};
      }
      if (timeout_ms >= 0 && std::chrono::steady_clock::now() >= deadline) return {};
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  bool send(std::span<const uint8_t>) override { return false; }
  std::string description() const override { return "shm:" + path_; }

 private:
  void* memory_;
  size_t size_;
  std::string path_;
  events::SharedRing ring_;
};

}  // namespace

OpenedSource open_shared_ring_source(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return {nullptr, "cannot open the event ring " + path + ": " + std::strerror(errno)};
  struct stat info {};
  if (::fstat(fd, &info) != 0 || info.st_size < 8192) {
    ::close(fd);
    return {nullptr, path + " is not an event ring (too small; start the run first)"};
  }
  const auto size = static_cast<size_t>(info.st_size);
  void* memory = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ::close(fd);
  if (memory == MAP_FAILED) return {nullptr, "cannot map " + path + ": " + std::strerror(errno)};
  return {std::make_unique<SharedRingSource>(memory, size, path), {}};
}

OpenedSource connect_source(const std::string& where) {
  if (where.rfind("shm:", 0) == 0) return open_shared_ring_source(where.substr(4));
  return connect_tcp_source(where);
}

}  // namespace gh::model
