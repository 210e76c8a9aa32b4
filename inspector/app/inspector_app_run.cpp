// InspectorApp: the interactive loop, the headless screenshot run, keyboard navigation
// and the actions panels ask for.
#include <imgui_impl_sdl.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "inspector_app.hpp"
#include "png_writer.hpp"

namespace gh::inspector {

namespace {

constexpr int max_settle_frames = 600;
constexpr double max_settle_seconds = 20;
constexpr int measured_frames = 5;
constexpr int recording_load_timeout_ms = 300'000;

// The scancode of each --keys name (inspector_options.cpp lists the names).
SDL_Scancode scancode_of(const std::string& name) {
  if (name == "space") return SDL_SCANCODE_SPACE;
  if (name.size() == 1 && name[0] >= '1' && name[0] <= '3') {
    return static_cast<SDL_Scancode>(SDL_SCANCODE_1 + (name[0] - '1'));
  }
  if (name.size() == 1 && name[0] >= 'a' && name[0] <= 'z') {
    return static_cast<SDL_Scancode>(SDL_SCANCODE_A + (name[0] - 'a'));
  }
  return SDL_SCANCODE_UNKNOWN;
}

void push_key(SDL_Scancode scancode, bool down) {
  SDL_Event event{};
  event.type = down ? SDL_KEYDOWN : SDL_KEYUP;
  event.key.state = down ? SDL_PRESSED : SDL_RELEASED;
  event.key.keysym.scancode = scancode;
  event.key.keysym.sym = SDL_GetKeyFromScancode(scancode);
  SDL_PushEvent(&event);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int InspectorApp::run() {
  std::string error;
  if (!open_window(error)) {
    std::fprintf(stderr, "gh-inspector: %s\n", error.c_str());
    return 1;
  }
  if (!open_initial_source()) {
    std::fprintf(stderr, "gh-inspector: %s\n", error_.c_str());
    return 1;
  }
  return options_.screenshot_path.empty() ? run_interactive() : run_screenshot();
}

int InspectorApp::run_interactive() {
  if (worker_ && !worker_->live() && (options_.select || options_.translate)) {
    worker_->wait_for_end(recording_load_timeout_ms);
  }
  apply_start_options();
  while (running_) {
    render_frame();
    SDL_Delay(8);
  }
  return 0;
}

void InspectorApp::settle_frames() {
  const auto start = std::chrono::steady_clock::now();
  for (int frame = 0; frame < max_settle_frames && any_panel_busy(); ++frame) {
    render_frame();
    if (seconds_since(start) > max_settle_seconds) break;
  }
  for (int frame = 0; frame < 3; ++frame) render_frame();  // layouts settle
}

int InspectorApp::run_screenshot() {
  const auto start = std::chrono::steady_clock::now();
  if (worker_ && worker_->live()) {
    while (seconds_since(start) < options_.seconds) {
      render_frame();
    }
  } else if (worker_) {
    worker_->wait_for_end(recording_load_timeout_ms);
  }
  const double load_seconds = worker_ ? worker_->stats().seconds : 0;
  apply_start_options();
  settle_frames();
  press_keys();
  double total_ms = 0;
  for (int frame = 0; frame < measured_frames; ++frame) total_ms += render_frame();
  const double frame_ms = total_ms / measured_frames;
  const size_t events = model_->log().size();
  std::printf("gh-inspector: %zu events loaded in %.3f s (%.0f events/s)\n", events, load_seconds,
              load_seconds > 0 ? static_cast<double>(events) / load_seconds : 0.0);
  std::printf("gh-inspector: frame time %.2f ms (mean of %d frames at %dx%d)\n", frame_ms,
              measured_frames, options_.width, options_.height);
  const bool captured = capture(options_.screenshot_path);
  if (!options_.report_path.empty()) write_report(load_seconds, frame_ms);
  return captured ? 0 : 1;
}

// --keys: each key goes down for one frame and up for the next, as typed.
void InspectorApp::press_keys() {
  for (const std::string& name : options_.keys) {
    const SDL_Scancode scancode = scancode_of(name);
    push_key(scancode, true);
    render_frame();
    push_key(scancode, false);
    render_frame();
  }
}

bool InspectorApp::capture(const std::string& path) {
  render_frame(false);
  std::vector<uint8_t> rgba;
  int width = 0;
  int height = 0;
  std::string error;
  if (!screen_->read_pixels(rgba, width, height, error) ||
      !write_png(path, width, height, rgba, error)) {
    std::fprintf(stderr, "gh-inspector: %s\n", error.c_str());
    return false;
  }
  std::printf("gh-inspector: wrote %s (%dx%d)\n", path.c_str(), width, height);
  return true;
}

void InspectorApp::write_report(double load_seconds, double frame_ms) {
  AppReport report;
  report.set("events", static_cast<uint64_t>(model_->log().size()));
  report.set("load_seconds", load_seconds);
  report.set("frame_ms", frame_ms);
  report.set("layout", std::string(layout_name(view_.layout)));
  report.set("presenter", view_.presenter);
  report.set("cursor", static_cast<uint64_t>(view_.cursor().value_or(0)));
  report.set("paused", view_.paused);
  report.set("follow_live", view_.follow_live);
  for (const auto& panel : panels_) panel->report(report);
  if (!report.write(options_.report_path)) {
    std::fprintf(stderr, "gh-inspector: cannot write %s\n", options_.report_path.c_str());
  }
}

void InspectorApp::step_event(bool forward) {
  const Lane* lane = model_->timeline().lane(view_.focus_vcpu);
  const auto from = view_.cursor();
  if (!lane || !from) return;
  const auto to = forward ? next_event(*lane, *from) : previous_event(*lane, *from);
  if (to && *to < view_.visible_events) view_.select(*to, view_.focus_vcpu);
}

void InspectorApp::handle_keys() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  if (ImGui::IsKeyPressed(SDL_SCANCODE_N) || ImGui::IsKeyPressed(SDL_SCANCODE_J)) step_event(true);
  if (ImGui::IsKeyPressed(SDL_SCANCODE_P) || ImGui::IsKeyPressed(SDL_SCANCODE_K)) step_event(false);
  if (ImGui::IsKeyPressed(SDL_SCANCODE_F, false)) view_.follow_live = !view_.follow_live;
  if (ImGui::IsKeyPressed(SDL_SCANCODE_SPACE, false)) view_.paused = !view_.paused;
  const SDL_Scancode layout_keys[] = {SDL_SCANCODE_1, SDL_SCANCODE_2, SDL_SCANCODE_3};
  for (int i = 0; i < 3; ++i) {
    if (!ImGui::IsKeyPressed(layout_keys[i], false)) continue;
    view_.layout = static_cast<LayoutPreset>(i);
    view_.relayout = true;
  }
}

void InspectorApp::open_recording(const std::string& path) { pending_ = {path, false}; }
void InspectorApp::connect(const std::string& host_port) { pending_ = {host_port, true}; }
void InspectorApp::disconnect() { worker_.reset(); }

bool InspectorApp::save_recording(const std::string& path, std::string& error) {
  if (!worker_) {
    error = "nothing to save";
    return false;
  }
  return worker_->save_recording(path, error);
}

std::optional<uint32_t> InspectorApp::send_filter(const events::SetFilterCommand& filter) {
  if (!live()) return std::nullopt;
  return worker_->send(filter);
}

std::optional<uint32_t> InspectorApp::request_translation(uint16_t vcpu, uint64_t gva,
                                                          events::AccessKind access) {
  if (!live()) return std::nullopt;
  return worker_->send(events::RequestTranslationCommand{.access = access, .gva = gva}, vcpu);
}

void InspectorApp::request_snapshots() {
  if (!live()) return;
  (void)worker_->send(events::RequestMemoryMapCommand{});
  std::lock_guard lock(model_->mutex());
  for (const auto& [id, vcpu] : model_->state().vcpus()) {
    (void)worker_->send(events::RequestVcpuStateCommand{}, id);
  }
}

bool InspectorApp::live() const { return worker_ && worker_->live() && !worker_->stats().ended; }
bool InspectorApp::connected() const { return worker_ != nullptr; }

std::string InspectorApp::source_description() const {
  return worker_ ? worker_->description() : "no source";
}

IngestStats InspectorApp::ingest_stats() const {
  return worker_ ? worker_->stats() : IngestStats{};
}

}  // namespace gh::inspector
