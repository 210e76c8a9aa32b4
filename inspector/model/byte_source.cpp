#include "byte_source.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace gh::model {
namespace {

class FdSource : public ByteSource {
 public:
  FdSource(int fd, std::string description, bool can_send)
      : fd_(fd), description_(std::move(description)), can_send_(can_send) {}
  ~FdSource() override { ::close(fd_); }

  ReadResult read(std::span<uint8_t> out, int timeout_ms) override {
    pollfd waiting{.fd = fd_, .events = POLLIN, .revents = 0};
    int ready = ::poll(&waiting, 1, timeout_ms);
    if (ready == 0) return {};
    if (ready < 0) return errno == EINTR ? ReadResult{} : failure();
    ssize_t got = ::read(fd_, out.data(), out.size());
    if (got < 0) return errno == EINTR || errno == EAGAIN ? ReadResult{} : failure();
    return {.size = static_cast<size_t>(got), .end = got == 0, .error = {}};
  }

  bool send(std::span<const uint8_t> bytes) override {
    if (!can_send_) return false;
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

  std::string description() const override { return description_; }

 private:
  ReadResult failure() const {
    return {.size = 0, .end = true, .error = description_ + ": " + std::strerror(errno)};
  }

  int fd_;
  std::string description_;
  bool can_send_;
};

class MemorySource : public ByteSource {
 public:
  MemorySource(std::string name, std::span<const uint8_t> bytes)
      : name_(std::move(name)), bytes_(bytes.begin(), bytes.end()) {}

  ReadResult read(std::span<uint8_t> out, int) override {
    size_t take = std::min(out.size(), bytes_.size() - position_);
    std::memcpy(out.data(), bytes_.data() + position_, take);
    position_ += take;
    return {.size = take, .end = take == 0, .error = {}};
  }
  bool send(std::span<const uint8_t>) override { return false; }
  std::string description() const override { return name_; }

 private:
  std::string name_;
  std::vector<uint8_t> bytes_;
  size_t position_ = 0;
};

bool split_host_port(const std::string& text, std::string& host, std::string& port) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
  host = text.substr(0, colon);
  port = text.substr(colon + 1);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return port.find_first_not_of("0123456789") == std::string::npos;
}

int connect_first(addrinfo* candidates, std::string& error) {
  for (addrinfo* a = candidates; a; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) return fd;
    error = std::strerror(errno);
    ::close(fd);
  }
  return -1;
}

}  // namespace

OpenedSource open_file_source(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {nullptr, "cannot open " + path + ": " + std::strerror(errno)};
  return {std::make_unique<FdSource>(fd, path, false), {}};
}

OpenedSource connect_tcp_source(const std::string& host_port) {
  std::string host, port;
  if (!split_host_port(host_port, host, port)) {
    return {nullptr, "bad address '" + host_port + "': expected HOST:PORT, e.g. localhost:5555"};
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* candidates = nullptr;
  if (int status = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &candidates); status != 0) {
    return {nullptr, "cannot resolve " + host + ": " + ::gai_strerror(status)};
  }
  std::string error = "no address";
  int fd = connect_first(candidates, error);
  ::freeaddrinfo(candidates);
  if (fd < 0) return {nullptr, "cannot connect to " + host_port + ": " + error};
  return {std::make_unique<FdSource>(fd, host_port, true), {}};
}

std::unique_ptr<ByteSource> memory_source(std::string name, std::span<const uint8_t> bytes) {
  return std::make_unique<MemorySource>(std::move(name), bytes);
}

}  // namespace gh::model
