// The event stream's full-rate path on the host: the shared memory the hypervisor lays out
// (`./glasshouse run --events shm:PATH`), mapped from its file and used like a socket:
// events are read from its event ring, commands written into its command ring.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "byte_source.hpp"
#include "events/shared_ring.hpp"

namespace gh::model {
namespace {

// Commands wait here while the hypervisor has not laid the ring out yet or the command
// ring is full; beyond this much, send() fails (the hypervisor is not reading).
constexpr size_t max_pending_command_bytes = 1 << 20;

class SharedRingSource : public ByteSource {
 public:
  SharedRingSource(void* memory, size_t size, std::string path)
      : memory_(static_cast<uint8_t*>(memory), size), path_(std::move(path)) {}
  ~SharedRingSource() override { ::munmap(memory_.data(), memory_.size()); }

  // Waits (polling every millisecond) for the hypervisor to lay the ring out and fill it;
  // ends once it has closed the ring and everything in it was read.
  ReadResult read(std::span<uint8_t> out, int timeout_ms) override {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      flush_commands();
      if (!events_) events_ = events::attach_event_reader(memory_);
      if (events_) {
        const bool closed = events::shared_ring_closed(memory_);  // before reading
        if (const size_t got = events_->read(out); got > 0)
          return {.size = got, .end = false, .error = {}};
        if (closed) return {.size = 0, .end = true, .error = {}};
      }
      if (timeout_ms >= 0 && std::chrono::steady_clock::now() >= deadline) return {};
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  // Queues the bytes for the command ring and writes what fits now; read() writes the rest.
  bool send(std::span<const uint8_t> bytes) override {
    std::lock_guard lock(commands_mutex_);
    if (pending_.size() + bytes.size() > max_pending_command_bytes) return false;
    pending_.insert(pending_.end(), bytes.begin(), bytes.end());
    write_pending();
    return true;
  }

  std::string description() const override { return "shm:" + path_; }

 private:
  void flush_commands() {
    std::lock_guard lock(commands_mutex_);
    write_pending();
  }

  void write_pending() {
    if (pending_.empty()) return;
    if (!commands_) commands_ = events::attach_command_writer(memory_);
    if (!commands_) return;
    const size_t take = std::min(pending_.size(), commands_->free_space());
    if (take == 0 || !commands_->try_write({pending_.data(), take})) return;
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(take));
  }

  std::span<uint8_t> memory_;
  std::string path_;
  std::optional<events::SharedRingReader> events_;
  std::mutex commands_mutex_;  // send() may come from another thread than read()
  std::optional<events::SharedRingWriter> commands_;
  std::vector<uint8_t> pending_;
};

}  // namespace

OpenedSource open_shared_ring_source(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return {nullptr, "cannot open the event ring " + path + ": " + std::strerror(errno)};
  struct stat info {};
  if (::fstat(fd, &info) != 0 ||
      info.st_size < static_cast<off_t>(events::shared_ring_min_memory)) {
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
