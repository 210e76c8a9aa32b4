// gh-event-relay: serves the shared-memory rings of a run on a TCP port (the launcher's
// `run --events PORT` starts it). See event_relay.hpp.
#include <sys/prctl.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "event_relay.hpp"

namespace {

using namespace gh;

volatile std::sig_atomic_t stop_requested = 0;

void on_stop(int) { stop_requested = 1; }

constexpr const char* usage_text =
    "usage: gh-event-relay --ring PATH --port PORT [--wait-client] [--ready-file FILE]\n"
    "                      [--verbose]\n"
    "\n"
    "Serves the shared-memory event ring PATH of a run (run --events shm:PATH) on TCP\n"
    "127.0.0.1:PORT: whole event frames to the client, the client's commands into the\n"
    "ring's command ring. One client at a time: a new client replaces the previous one.\n"
    "With no client the ring is drained and its frames discarded (counted), so the guest\n"
    "never waits and a late client gets live events.\n"
    "  --wait-client      keep the ring's frames until the first client connects\n"
    "  --ready-file FILE  write the port to FILE once listening\n"
    "  --verbose          say on stderr when clients come and go\n"
    "Ends when the hypervisor closes the ring (after the last frames went out).\n";

struct RelayOptions {
  std::string ring;
  long port = 0;
  bool wait_for_client = false;
  std::string ready_file;
  bool verbose = false;
  bool help = false;
};

// An error message for the user, or empty when the options are complete.
std::string parse(int argc, char** argv, RelayOptions& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    const bool has_value = i + 1 < argc;
    if (flag == "--help" || flag == "-h") {
      o.help = true;
    } else if (flag == "--wait-client") {
      o.wait_for_client = true;
    } else if (flag == "--verbose") {
      o.verbose = true;
    } else if ((flag == "--ring" || flag == "--port" || flag == "--ready-file") && has_value) {
      const std::string value = argv[++i];
      if (flag == "--ring") o.ring = value;
      if (flag == "--ready-file") o.ready_file = value;
      if (flag == "--port") {
        const bool digits = !value.empty() && value.size() <= 5 &&
                            value.find_first_not_of("0123456789") == std::string::npos;
        o.port = digits ? std::stol(value) : 0;
        if (o.port < 1 || o.port > 65535) return "--port '" + value + "' is not a TCP port";
      }
    } else {
      return "unknown option or missing value: '" + std::string(flag) + "'";
    }
  }
  if (!o.help && (o.ring.empty() || o.port == 0)) return "--ring PATH and --port PORT are needed";
  return {};
}

void print_summary(const cli::RelayCounts& c) {
  std::cerr << "gh-event-relay: " << c.clients << " clients (" << c.replaced_clients
            << " replaced), " << c.forwarded_frames << " frames forwarded (" << c.forwarded_bytes
            << " bytes), " << c.discarded_frames << " frames discarded with no client ("
            << c.discarded_bytes << " bytes), " << c.command_bytes << " command bytes in"
            << (c.refused_command_bytes ? ", " + std::to_string(c.refused_command_bytes) +
                                              " refused (command ring full)"
                                        : std::string())
            << "\n";
}

int run(const RelayOptions& options) {
  model::OpenedSource ring = model::open_shared_ring_source(options.ring);
  if (!ring.source) {
    std::cerr << "gh-event-relay: " << ring.error << "\n";
    return 1;
  }
  std::string error;
  const int listener = cli::listen_on_loopback(static_cast<uint16_t>(options.port), error);
  if (listener < 0) {
    std::cerr << "gh-event-relay: " << error << "\n";
    return 1;
  }
  cli::EventRelay relay(std::move(ring.source), listener, options.wait_for_client, options.verbose);
  if (!options.ready_file.empty()) std::ofstream(options.ready_file) << options.port << "\n";
  relay.run(stop_requested);
  print_summary(relay.counts());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  RelayOptions options;
  if (const std::string error = parse(argc, argv, options); !error.empty()) {
    std::cerr << "gh-event-relay: " << error << "\n\n" << usage_text;
    return 2;
  }
  if (options.help) {
    std::cout << usage_text;
    return 0;
  }
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // the launcher that started us is gone: stop too
  std::signal(SIGINT, on_stop);
  std::signal(SIGTERM, on_stop);
  return run(options);
}
