#include "cli_options.hpp"

#include <string_view>

#include "command_text.hpp"

namespace gh::cli {
namespace {

bool needs_value(std::string_view flag) {
  return flag == "--connect" || flag == "--open" || flag == "--record" || flag == "--ctf" ||
         flag == "--send" || flag == "--duration" || flag == "--count";
}

std::string apply_value(CliOptions& o, std::string_view flag, const std::string& value) {
  try {
    if (flag == "--connect") o.connect = value;
    if (flag == "--open") o.open = value;
    if (flag == "--record") o.record = value;
    if (flag == "--ctf") o.ctf = value;
    if (flag == "--send") o.send.push_back(value);
    if (flag == "--duration") o.duration_seconds = std::stod(value);
    if (flag == "--count") o.count = std::stoull(value);
  } catch (...) {
    return "bad number for " + std::string(flag) + ": '" + value + "'";
  }
  return {};
}

std::string check(const CliOptions& o) {
  if (o.help) return {};
  if (o.connect.empty() == o.open.empty())
    return "give exactly one of --connect HOST:PORT or --open FILE";
  if (!o.send.empty() && o.connect.empty())
    return "--send needs --connect (a recording cannot answer)";
  for (const std::string& text : o.send) {
    auto parsed = model::parse_command(text);
    if (!parsed.error.empty()) return parsed.error;
  }
  return {};
}

}  // namespace

std::string usage() {
  return std::string(
             "usage: gh-events (--connect HOST:PORT | --open FILE) [--json] [--quiet]\n"
             "                 [--record FILE] [--ctf DIR] [--send COMMAND]...\n"
             "                 [--duration SECONDS] [--count N]\n"
             "\n"
             "Prints the Glasshouse event stream, one line per event (text, or JSON lines\n"
             "with --json); lines starting with '!' report corruption, gaps and losses.\n"
             "  --connect HOST:PORT  a run's --events PORT or uart:PORT (e.g. localhost:5555), or\n"
             "  --connect shm:PATH   the shared-memory ring of run --events shm:PATH\n"
             "  --open FILE          a recording (--record, or ./glasshouse run --events)\n"
             "  --record FILE        also write the raw stream to FILE\n"
             "  --ctf DIR            also export a CTF 1.8 trace (babeltrace2 DIR)\n"
             "  --send COMMAND       send a command once connected (repeatable):\n") +
         model::command_syntax() +
         "  --duration SECONDS   stop after this long (live streams)\n"
         "  --count N            stop after N events\n"
         "  --quiet              print nothing per event (only the summary)\n";
}

ParsedOptions parse_options(int argc, char** argv) {
  ParsedOptions parsed;
  CliOptions& o = parsed.options;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      o.help = true;
    } else if (flag == "--json") {
      o.json = true;
    } else if (flag == "--quiet") {
      o.quiet = true;
    } else if (needs_value(flag)) {
      if (i + 1 >= argc) return {o, std::string(flag) + " needs a value"};
      if (auto error = apply_value(o, flag, argv[++i]); !error.empty()) return {o, error};
    } else {
      return {o, "unknown option '" + std::string(flag) + "'"};
    }
  }
  parsed.error = check(o);
  return parsed;
}

}  // namespace gh::cli
