// gh-inspector-bench: the inspector's figures, printed (never asserted):
//   1. events per second ingested (decode + inspector model), from memory, no drawing;
//   2. events per second ingested while the inspector draws frames (the ingest thread
//      racing the UI for the model's lock), and its ratio to 1 (same run, same machine);
//   3. frame time with a million events loaded (software renderer, offscreen).
//   gh-inspector-bench [--events N] [--vcpus N] [--frames N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "inspector_app.hpp"
#include "synthetic_stream.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct BenchOptions {
  uint64_t events = 1'000'000;
  uint16_t vcpus = 4;
  int frames = 30;
};

BenchOptions parse(int argc, char** argv) {
  BenchOptions options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const unsigned long long value = std::strtoull(argv[i + 1], nullptr, 0);
    if (std::strcmp(argv[i], "--events") == 0) options.events = value;
    if (std::strcmp(argv[i], "--vcpus") == 0) options.vcpus = static_cast<uint16_t>(value);
    if (std::strcmp(argv[i], "--frames") == 0) options.frames = static_cast<int>(value);
  }
  return options;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Returns events per second.
double ingest_without_drawing(const std::vector<uint8_t>& bytes) {
  gh::inspector::InspectorModel model;
  const auto start = Clock::now();
  gh::inspector::IngestWorker worker(gh::model::memory_source("bench", bytes), model, false);
  worker.start();
  worker.wait_for_end(600'000);
  const double seconds = seconds_since(start);
  std::printf("ingest (no drawing):      %zu events in %.3f s = %.0f events/s (%.1f MiB/s)\n",
              model.log().size(), seconds, static_cast<double>(model.log().size()) / seconds,
              static_cast<double>(bytes.size()) / seconds / (1 << 20));
  return static_cast<double>(model.log().size()) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const BenchOptions bench = parse(argc, argv);
  std::vector<uint8_t> bytes = gh::events::test::synthetic_stream(
      {.events = bench.events, .vcpus = bench.vcpus, .h_backend = false, .seed = 1});
  std::printf("stream: %.1f MiB, about %llu events on %u vCPUs\n",
              static_cast<double>(bytes.size()) / (1 << 20),
              static_cast<unsigned long long>(bench.events), bench.vcpus);
  const double alone_rate = ingest_without_drawing(bytes);

  gh::inspector::InspectorOptions options;
  options.screenshot_path = "unused.png";  // headless
  gh::inspector::InspectorApp app(options);
  std::string error;
  if (!app.open_window(error)) {
    std::fprintf(stderr, "gh-inspector-bench: %s\n", error.c_str());
    return 1;
  }
  app.attach(gh::model::memory_source("bench", bytes), false);
  int frames_while_ingesting = 0;
  double drawing_ms = 0;
  while (!app.worker()->stats().ended) {
    drawing_ms += app.render_frame();
    ++frames_while_ingesting;
  }
  const gh::inspector::IngestStats stats = app.worker()->stats();
  std::printf(
      "ingest while drawing:     %llu events in %.3f s = %.0f events/s "
      "(%d frames drawn meanwhile, %.1f ms each)\n",
      static_cast<unsigned long long>(stats.events), stats.seconds,
      static_cast<double>(stats.events) / stats.seconds, frames_while_ingesting,
      frames_while_ingesting ? drawing_ms / frames_while_ingesting : 0.0);
  std::printf("ingest while drawing / alone: %.2f\n",
              static_cast<double>(stats.events) / stats.seconds / alone_rate);
  while (app.any_panel_busy()) app.render_frame();
  double total_ms = 0;
  double worst_ms = 0;
  for (int frame = 0; frame < bench.frames; ++frame) {
    const double ms = app.render_frame();
    total_ms += ms;
    worst_ms = std::max(worst_ms, ms);
  }
  std::printf(
      "frame time, %zu events loaded: mean %.2f ms, worst %.2f ms over %d frames "
      "(1600x1000, software renderer)\n",
      app.model().log().size(), total_ms / bench.frames, worst_ms, bench.frames);
  return 0;
}
