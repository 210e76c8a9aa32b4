// gh-events command line.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gh::cli {

struct CliOptions {
  std::string connect;  // HOST:PORT
  std::string open;     // FILE
  bool json = false;
  bool quiet = false;  // no per-event output (with --record / --ctf)
  std::string record;  // FILE
  std::string ctf;     // DIR
  std::vector<std::string> send;
  std::optional<double> duration_seconds;
  std::optional<unsigned long long> count;
  bool help = false;
};

struct ParsedOptions {
  CliOptions options;
  std::string error;  // non-empty: print it with the usage and exit 2
};

ParsedOptions parse_options(int argc, char** argv);
std::string usage();

}  // namespace gh::cli
