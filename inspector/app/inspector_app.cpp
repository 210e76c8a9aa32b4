#include "inspector_app.hpp"

#include <imgui_impl_sdl.h>

#include <algorithm>

#include "panels/controls_panel.hpp"
#include "panels/memory_map_panel.hpp"
#include "panels/page_table_panel.hpp"
#include "panels/timeline_panel.hpp"
#include "panels/translation_panel.hpp"
#include "panels/trap_log_panel.hpp"
#include "panels/vcpu_panel.hpp"

namespace gh::inspector {

namespace {

constexpr uint32_t background_argb = 0xFF18181C;  // behind the panels

}  // namespace

InspectorApp::InspectorApp(InspectorOptions options)
    : options_(std::move(options)), model_(std::make_unique<InspectorModel>()) {
  view_.layout = options_.layout;
  view_.presenter = options_.presenter;
  panels_[static_cast<size_t>(PanelId::controls)] = std::make_unique<ControlsPanel>();
  panels_[static_cast<size_t>(PanelId::vcpus)] = std::make_unique<VcpuPanel>();
  panels_[static_cast<size_t>(PanelId::trap_log)] = std::make_unique<TrapLogPanel>(options_.search);
  panels_[static_cast<size_t>(PanelId::timeline)] = std::make_unique<TimelinePanel>();
  panels_[static_cast<size_t>(PanelId::page_tables)] = std::make_unique<PageTablePanel>();
  panels_[static_cast<size_t>(PanelId::translation)] = std::make_unique<TranslationPanel>();
  panels_[static_cast<size_t>(PanelId::memory_map)] = std::make_unique<MemoryMapPanel>();
}

InspectorApp::~InspectorApp() {
  worker_.reset();
  if (!imgui_ready_) return;
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
}

bool InspectorApp::open_window(std::string& error) {
  const SdlScreen::Mode mode = options_.screenshot_path.empty() ? SdlScreen::Mode::interactive
                               : options_.actions.empty()       ? SdlScreen::Mode::headless
                                                                : SdlScreen::Mode::headless_driven;
  screen_ = SdlScreen::create(options_.width, options_.height, mode, error);
  if (!screen_) return false;
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the layouts are presets
  fonts_ = load_fonts();
  apply_theme(view_.presenter, fonts_);
  theme_presenter_ = view_.presenter;
  ImGui_ImplSDL2_InitForSDLRenderer(screen_->window());
  rasterizer_.load_font_atlas();
  imgui_ready_ = true;
  return true;
}

void InspectorApp::attach(std::unique_ptr<model::ByteSource> source, bool live) {
  auto model = std::make_unique<InspectorModel>();
  auto worker = std::make_unique<IngestWorker>(std::move(source), *model, live);
  worker_.reset();
  model_ = std::move(model);
  start_worker(std::move(worker));
}

void InspectorApp::start_worker(std::unique_ptr<IngestWorker> worker) {
  worker_ = std::move(worker);
  ViewState fresh;
  fresh.layout = view_.layout;
  fresh.presenter = view_.presenter;
  view_ = fresh;
  tables_.reset();
  for (auto& panel : panels_) panel->reset();
  worker_->start();
  if (worker_->live()) request_snapshots();
}

void InspectorApp::switch_source(const PendingSource& pending) {
  auto model = std::make_unique<InspectorModel>();
  std::string error;
  auto worker = pending.live ? IngestWorker::connect(pending.where, *model, error)
                             : IngestWorker::open_file(pending.where, *model, error);
  if (!worker) {
    error_ = error;
    return;
  }
  error_.clear();
  worker_.reset();
  model_ = std::move(model);
  start_worker(std::move(worker));
}

bool InspectorApp::open_initial_source() {
  if (options_.open_path.empty() && options_.connect_address.empty()) return true;
  const bool live = !options_.connect_address.empty();
  switch_source({live ? options_.connect_address : options_.open_path, live});
  return worker_ != nullptr;
}

void InspectorApp::apply_start_options() {
  std::lock_guard lock(model_->mutex());
  const size_t count = model_->log().size();
  if (options_.select && count > 0) {
    const int64_t wanted =
        *options_.select < 0 ? static_cast<int64_t>(count) + *options_.select : *options_.select;
    const auto index =
        static_cast<EventIndex>(std::clamp<int64_t>(wanted, 0, static_cast<int64_t>(count) - 1));
    view_.select(index, model_->log().entry(index).vcpu);
  }
  if (options_.translate) {
    view_.translation = {.gva = *options_.translate,
                         .vcpu = options_.vcpu,
                         .access = options_.access,
                         .active = true,
                         .live_request = std::nullopt,
                         .send_live = true};
    view_.focus_vcpu = options_.vcpu;
  }
}

float InspectorApp::controls_height() const {
  const ImGuiStyle& style = ImGui::GetStyle();
  return ImGui::GetFrameHeightWithSpacing() * 4 + ImGui::GetFontSize() + style.WindowPadding.y * 3;
}

void InspectorApp::process_sdl_events() {
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_QUIT) running_ = false;
  }
}

void InspectorApp::draw_panels() {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  if (display.x != display_.x || display.y != display_.y) view_.relayout = true;
  display_ = display;
  if (!view_.paused) view_.visible_events = model_->log().size();
  handle_keys();
  widgets_.begin_frame();
  PanelContext context{*model_, view_, *this, tables_, widgets_};
  const float top = controls_height();
  for (size_t i = 0; i < panels_.size(); ++i) {
    panels_[i]->draw(context, panel_rect(view_.layout, static_cast<PanelId>(i), display, top));
  }
  view_.relayout = false;
}

double InspectorApp::render_frame(bool present) {
  const Uint64 start = SDL_GetPerformanceCounter();
  process_sdl_events();
  if (disconnect_pending_) {
    worker_.reset();
    disconnect_pending_ = false;
  }
  if (pending_) {
    switch_source(*pending_);
    pending_.reset();
  }
  if (theme_presenter_ != view_.presenter) {
    apply_theme(view_.presenter, fonts_);
    theme_presenter_ = view_.presenter;
    view_.relayout = true;
  }
  ImGui_ImplSDL2_NewFrame();
  screen_->place_unfocused_mouse();
  ImGui::NewFrame();
  {
    std::lock_guard lock(model_->mutex());
    draw_panels();
  }
  ImGui::Render();
  int width = 0;
  int height = 0;
  screen_->output_size(width, height);
  rasterizer_.draw(*ImGui::GetDrawData(), width, height, background_argb);
  screen_->put_frame(rasterizer_.pixels(), rasterizer_.pitch(), width, height);
  if (present) {
    SDL_RenderPresent(screen_->renderer());
  } else {
    SDL_RenderFlush(screen_->renderer());  // rasterise now: the frame time includes it
  }
  const Uint64 end = SDL_GetPerformanceCounter();
  return static_cast<double>(end - start) * 1000.0 /
         static_cast<double>(SDL_GetPerformanceFrequency());
}

bool InspectorApp::any_panel_busy() const {
  for (const auto& panel : panels_) {
    if (panel->busy()) return true;
  }
  return false;
}

}  // namespace gh::inspector
