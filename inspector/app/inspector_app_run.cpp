// InspectorApp: the interactive loop, the headless screenshot run, keyboard navigation
// and the actions panels ask for.
#include <imgui_impl_sdl.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "action_runner.hpp"
#include "inspector_app.hpp"
#include "png_writer.hpp"

namespace gh::inspector {

namespace {

constexpr int max_settle_frames = 600;
constexpr double max_settle_seconds = 20;
constexpr int measured_frames = 5;
constexpr int recording_load_timeout_ms = 300'000;

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

void InspectorApp::settle() {
  if (worker_ && !worker_->live()) worker_->wait_for_end(recording_load_timeout_ms);
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
  load_seconds_ = worker_ ? worker_->stats().seconds : 0;
  apply_start_options();
  settle();
  const int driven = drive_ui();
  double total_ms = 0;
  for (int frame = 0; frame < measured_frames; ++frame) total_ms += render_frame();
  frame_ms_ = total_ms / measured_frames;
  const size_t events = model_->log().size();
  std::printf("gh-inspector: %zu events loaded in %.3f s (%.0f events/s)\n", events, load_seconds_,
              load_seconds_ > 0 ? static_cast<double>(events) / load_seconds_ : 0.0);
  std::printf("gh-inspector: frame time %.2f ms (mean of %d frames at %dx%d)\n", frame_ms_,
              measured_frames, options_.width, options_.height);
  const bool captured = capture(options_.screenshot_path);
  if (!options_.report_path.empty() && !write_report_file(options_.report_path)) {
    std::fprintf(stderr, "gh-inspector: cannot write %s\n", options_.report_path.c_str());
  }
  if (driven != 0) return driven;
  return captured ? 0 : 1;
}

// --keys, then --actions, as a user would; 2 when an action cannot be done (a widget
// that is not on screen).
int InspectorApp::drive_ui() {
  std::vector<UiAction> actions;
  for (const std::string& key : options_.keys) {
    actions.push_back({.kind = UiActionKind::key, .target = key, .text = {}});
  }
  actions.insert(actions.end(), options_.actions.begin(), options_.actions.end());
  if (actions.empty()) return 0;
  ActionRunner runner(*this);
  const bool ok = runner.run(actions);
  actions_done_ = runner.done();
  actions_error_ = runner.error();
  for (const std::string& line : actions_done_) std::printf("gh-inspector: %s\n", line.c_str());
  if (!ok) std::fprintf(stderr, "gh-inspector: --actions: %s\n", actions_error_.c_str());
  settle();  // a recording opened through the UI loads
  return ok ? 0 : 2;
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

bool InspectorApp::write_report_file(const std::string& path) const {
  AppReport report;
  std::lock_guard lock(model_->mutex());
  report.set("events", static_cast<uint64_t>(model_->log().size()));
  report.set("load_seconds", load_seconds_);
  report.set("frame_ms", frame_ms_);
  report.set("source.kind", std::string(!worker_          ? "none"
                                        : worker_->live() ? "live"
                                                          : "recording"));
  report.set("source.connected", live());
  report.set("source.description", source_description());
  report.set("source.error", error_);
  report.set("layout", std::string(layout_name(view_.layout)));
  report.set("presenter", view_.presenter);
  report.set("cursor", static_cast<uint64_t>(view_.cursor().value_or(0)));
  report.set("paused", view_.paused);
  report.set("follow_live", view_.follow_live);
  report.set("focus_vcpu", static_cast<uint64_t>(view_.focus_vcpu));
  std::string done;
  for (const std::string& line : actions_done_) done += line + "\n";
  report.set("actions.done", done);
  report.set("actions.error", actions_error_);
  for (const auto& panel : panels_) panel->report(report);
  return report.write(path);
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
void InspectorApp::disconnect() { disconnect_pending_ = true; }

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
