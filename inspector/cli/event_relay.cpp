#include "event_relay.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <iostream>

namespace gh::cli {
namespace {

// The relay stops reading the ring while this much waits for a slow client: the ring
// then fills and the hypervisor drops (and counts) frames, as with any slow reader.
constexpr size_t outbox_high_water = 512 * 1024;
constexpr uint8_t delimiter[] = {0};

}  // namespace

int listen_on_loopback(uint16_t port, std::string& error) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = std::string("cannot open a socket: ") + std::strerror(errno);
    return -1;
  }
  const int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 4) != 0) {
    error = "cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno);
    ::close(fd);
    return -1;
  }
  return fd;
}

EventRelay::EventRelay(std::unique_ptr<model::ByteSource> ring, int listener, bool wait_for_client,
                       bool verbose)
    : ring_(std::move(ring)),
      listener_(listener),
      waiting_for_first_client_(wait_for_client),
      verbose_(verbose) {}

EventRelay::~EventRelay() {
  if (client_ >= 0) ::close(client_);
  ::close(listener_);
}

void EventRelay::run(const volatile std::sig_atomic_t& stop) {
  while (!stop) {
    const bool busy = pump_ring();
    if (ring_ended_ && outbox_sent_ == outbox_.size()) break;
    serve_sockets(busy ? 0 : 1);
  }
  if (client_ >= 0) drop_client("the run has ended");
}

// Moves what the ring holds into the outbox (whole frames) or, with no client, discards it.
bool EventRelay::pump_ring() {
  if (ring_ended_ || waiting_for_first_client_) return false;
  if (outbox_.size() - outbox_sent_ >= outbox_high_water) return false;
  std::array<uint8_t, 64 * 1024> buffer;
  const model::ReadResult result = ring_->read(buffer, 0);
  if (result.end) {
    ring_ended_ = true;
    if (!result.error.empty()) note(result.error);
  }
  const std::vector<uint8_t> frames = cutter_.add({buffer.data(), result.size});
  if (client_ < 0) {
    discard(frames);
  } else {
    outbox_.insert(outbox_.end(), frames.begin(), frames.end());
  }
  return result.size > 0;
}

void EventRelay::serve_sockets(int timeout_ms) {
  const bool sending = client_ >= 0 && outbox_sent_ < outbox_.size();
  std::array<pollfd, 2> fds{pollfd{.fd = listener_, .events = POLLIN, .revents = 0},
                            pollfd{.fd = client_,
                                   .events = static_cast<short>(POLLIN | (sending ? POLLOUT : 0)),
                                   .revents = 0}};
  if (::poll(fds.data(), client_ >= 0 ? 2 : 1, timeout_ms) <= 0) return;
  if (fds[0].revents & POLLIN) accept_client();
  if (client_ >= 0 && fds[1].fd == client_ && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
    read_client();
  }
  if (client_ >= 0 && fds[1].fd == client_ && (fds[1].revents & POLLOUT)) write_client();
}

// A new client replaces the one before. The command ring gets a delimiter, so a command
// the old client left unfinished cannot swallow the new client's first one.
void EventRelay::accept_client() {
  const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) return;
  if (client_ >= 0) {
    ++counts_.replaced_clients;
    drop_client("a new client replaces it");
  }
  client_ = fd;
  ++counts_.clients;
  waiting_for_first_client_ = false;
  (void)ring_->send(delimiter);
  note("client " + std::to_string(counts_.clients) + " connected");
}

void EventRelay::read_client() {
  std::array<uint8_t, 16 * 1024> buffer;
  const ssize_t got = ::recv(client_, buffer.data(), buffer.size(), 0);
  if (got < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (got <= 0) {
    drop_client(got == 0 ? "it disconnected" : std::strerror(errno));
    return;
  }
  const auto size = static_cast<size_t>(got);
  if (ring_->send({buffer.data(), size})) {
    counts_.command_bytes += size;
  } else {
    counts_.refused_command_bytes += size;
    note("the command ring is full (is the hypervisor running?): command bytes dropped");
  }
}

void EventRelay::write_client() {
  const std::span<const uint8_t> pending(outbox_.data() + outbox_sent_,
                                         outbox_.size() - outbox_sent_);
  const ssize_t sent = ::send(client_, pending.data(), pending.size(), MSG_NOSIGNAL);
  if (sent < 0) {
    if (errno != EAGAIN && errno != EINTR) drop_client(std::strerror(errno));
    return;
  }
  const auto size = static_cast<size_t>(sent);
  counts_.forwarded_bytes += size;
  counts_.forwarded_frames += model::count_frames(pending.first(size));
  outbox_sent_ += size;
  if (outbox_sent_ == outbox_.size() || outbox_sent_ > outbox_high_water) {
    outbox_.erase(outbox_.begin(), outbox_.begin() + static_cast<std::ptrdiff_t>(outbox_sent_));
    outbox_sent_ = 0;
  }
}

// Frames not yet sent go with the client: the next client starts at the next whole frame.
void EventRelay::drop_client(const char* why) {
  discard({outbox_.data() + outbox_sent_, outbox_.size() - outbox_sent_});
  outbox_.clear();
  outbox_sent_ = 0;
  ::close(client_);
  client_ = -1;
  (void)ring_->send(delimiter);
  note(std::string("client ") + std::to_string(counts_.clients) + " left: " + why);
}

void EventRelay::discard(std::span<const uint8_t> frames) {
  counts_.discarded_bytes += frames.size();
  counts_.discarded_frames += model::count_frames(frames);
}

void EventRelay::note(const std::string& text) const {
  if (verbose_) std::cerr << "gh-event-relay: " << text << "\n";
}

}  // namespace gh::cli
