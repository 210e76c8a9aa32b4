// The live TCP feed of the full-rate path: relays the shared-memory rings of a run to one
// TCP client at a time. Whole event frames go to the client; the client's bytes go into
// the command ring. With no client connected the relay keeps draining the ring (so the
// guest never waits and a late joiner gets live events) and counts what it discarded. A
// new client replaces the one connected before (which sees its stream end).
#pragma once

#include <csignal>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "byte_source.hpp"
#include "whole_frames.hpp"

namespace gh::cli {

struct RelayCounts {
  uint64_t clients = 0;
  uint64_t replaced_clients = 0;
  uint64_t forwarded_frames = 0;
  uint64_t forwarded_bytes = 0;
  uint64_t discarded_frames = 0;  // drained while no client was connected
  uint64_t discarded_bytes = 0;
  uint64_t command_bytes = 0;
  uint64_t refused_command_bytes = 0;  // the command ring stayed full
};

class EventRelay {
 public:
  // `listener`: a listening, non-blocking TCP socket (owned from now on). With
  // `wait_for_client` the ring is not drained before the first client connects.
  EventRelay(std::unique_ptr<model::ByteSource> ring, int listener, bool wait_for_client,
             bool verbose);
  ~EventRelay();
  EventRelay(const EventRelay&) = delete;
  EventRelay& operator=(const EventRelay&) = delete;

  // Relays until the hypervisor has closed the ring and its last frames went out to the
  // client, or until `stop` is set.
  void run(const volatile std::sig_atomic_t& stop);
  [[nodiscard]] const RelayCounts& counts() const { return counts_; }

 private:
  bool pump_ring();
  void serve_sockets(int timeout_ms);
  void accept_client();
  void read_client();
  void write_client();
  void drop_client(const char* why);
  void discard(std::span<const uint8_t> frames);
  void note(const std::string& text) const;

  std::unique_ptr<model::ByteSource> ring_;
  int listener_;
  int client_ = -1;
  bool waiting_for_first_client_;
  bool verbose_;
  bool ring_ended_ = false;
  model::WholeFrames cutter_;
  std::vector<uint8_t> outbox_;  // whole frames for the client, from outbox_sent_ on
  size_t outbox_sent_ = 0;
  RelayCounts counts_;
};

// A TCP socket listening on 127.0.0.1:port, non-blocking; -1 and `error` when it cannot.
int listen_on_loopback(uint16_t port, std::string& error);

}  // namespace gh::cli
