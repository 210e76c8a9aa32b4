// gh-events: prints, records and exports the Glasshouse event stream.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli_options.hpp"
#include "command_text.hpp"
#include "ctf_writer.hpp"
#include "record_format.hpp"
#include "recorder.hpp"
#include "session.hpp"

namespace {

using namespace gh;

volatile std::sig_atomic_t interrupted = 0;

void on_interrupt(int) { interrupted = 1; }

struct Outputs {
  const cli::CliOptions& options;
  std::unique_ptr<model::CtfWriter> ctf;
  unsigned long long events = 0;

  void print(const model::DecodedItem& item) {
    if (auto* event = std::get_if<model::Event>(&item)) {
      ++events;
      if (ctf) ctf->add(*event);
    }
    if (options.quiet) return;
    std::cout << (options.json ? model::format_json(item) : model::format_text(item)) << '\n';
  }
};

bool send_commands(model::Session& session, const cli::CliOptions& options) {
  for (const std::string& text : options.send) {
    model::ParsedCommand parsed = model::parse_command(text);
    auto request = session.send(parsed.command, parsed.vcpu);
    if (!request) {
      std::cerr << "gh-events: cannot send '" << text << "' to " << session.description() << "\n";
      return false;
    }
    std::cerr << "gh-events: sent '" << text << "' as request #" << *request << "\n";
  }
  return true;
}

bool should_stop(const cli::CliOptions& options, const Outputs& outputs,
                 std::chrono::steady_clock::time_point start) {
  if (interrupted) return true;
  if (options.count && outputs.events >= *options.count) return true;
  if (!options.duration_seconds) return false;
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  return elapsed.count() >= *options.duration_seconds;
}

void print_summary(const model::Session& session, const Outputs& outputs) {
  const auto& stats = session.decoder_stats();
  const auto& counters = session.state().counters();
  std::cerr << "gh-events: " << outputs.events << " events from " << session.description() << ", "
            << stats.corrupt_frames << " corrupt frames (" << stats.skipped_bytes
            << " bytes skipped), " << counters.missing << " missing, " << counters.dropped
            << " dropped by the hypervisor\n";
}

int run(const cli::CliOptions& options) {
  model::SessionOptions session_options{.keep_log = false};
  model::OpenedSession opened = options.open.empty()
                                    ? model::Session::connect(options.connect, session_options)
                                    : model::Session::open_file(options.open, session_options);
  if (!opened.session) {
    std::cerr << "gh-events: " << opened.error << "\n";
    return 1;
  }
  model::Session& session = *opened.session;
  std::unique_ptr<model::Recorder> recorder;
  if (!options.record.empty()) {
    recorder = std::make_unique<model::Recorder>(options.record);
    if (!recorder->ok()) {
      std::cerr << "gh-events: " << recorder->error() << "\n";
      return 1;
    }
    session.record_to(recorder.get());
  }
  if (!send_commands(session, options)) return 1;
  Outputs outputs{options, options.ctf.empty() ? nullptr : std::make_unique<model::CtfWriter>()};
  auto start = std::chrono::steady_clock::now();
  std::vector<model::DecodedItem> items;
  bool more = true;
  while (more && !should_stop(options, outputs, start)) {
    items.clear();
    more = session.poll(100, &items);
    for (const auto& item : items) {
      if (options.count && outputs.events >= *options.count) break;
      outputs.print(item);
    }
    std::cout.flush();
  }
  if (!session.error().empty()) std::cerr << "gh-events: " << session.error() << "\n";
  if (recorder) {
    recorder->flush();
    if (!recorder->ok()) std::cerr << "gh-events: " << recorder->error() << "\n";
  }
  if (outputs.ctf) {
    if (auto error = outputs.ctf->write(options.ctf); !error.empty()) {
      std::cerr << "gh-events: " << error << "\n";
      return 1;
    }
    std::cerr << "gh-events: wrote CTF trace to " << options.ctf << " ("
              << outputs.ctf->event_count() << " events)\n";
  }
  print_summary(session, outputs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  cli::ParsedOptions parsed = cli::parse_options(argc, argv);
  if (!parsed.error.empty()) {
    std::cerr << "gh-events: " << parsed.error << "\n\n" << cli::usage();
    return 2;
  }
  if (parsed.options.help) {
    std::cout << cli::usage();
    return 0;
  }
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  return run(parsed.options);
}
