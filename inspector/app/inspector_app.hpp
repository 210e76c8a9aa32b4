// The SDL / Dear ImGui main loop: owns the model and its ingest thread (replaced when
// another source is opened), the view state and one instance of each panel; draws a
// frame; runs interactively or renders headless to a PNG (--screenshot) and exits.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "app_actions.hpp"
#include "inspector_options.hpp"
#include "layout.hpp"
#include "sdl_screen.hpp"
#include "software_rasterizer.hpp"
#include "theme.hpp"
#include "widget_registry.hpp"

namespace gh::inspector {

class InspectorApp final : public AppActions {
 public:
  explicit InspectorApp(InspectorOptions options);
  ~InspectorApp();
  InspectorApp(const InspectorApp&) = delete;
  InspectorApp& operator=(const InspectorApp&) = delete;

  // The whole program: interactive, or a screenshot when options ask for one.
  int run();

  // Building blocks (the benchmark drives them directly).
  bool open_window(std::string& error);
  void attach(std::unique_ptr<model::ByteSource> source, bool live);  // starts ingesting
  // Draws and rasterises one frame, then presents it (or not: a capture reads it first).
  // Returns its duration in milliseconds.
  double render_frame(bool present = true);
  [[nodiscard]] bool any_panel_busy() const;
  // Waits for a recording being loaded, then draws until the panels settle.
  void settle();
  [[nodiscard]] IngestWorker* worker() const { return worker_.get(); }
  [[nodiscard]] const InspectorModel& model() const { return *model_; }
  [[nodiscard]] const WidgetRegistry& widgets() const { return widgets_; }
  [[nodiscard]] SDL_Window* window() const { return screen_->window(); }
  // The --report JSON of what is shown now (also written by --actions' report:FILE).
  bool write_report_file(const std::string& path) const;

  // AppActions
  void open_recording(const std::string& path) override;
  void connect(const std::string& host_port) override;
  void disconnect() override;
  bool save_recording(const std::string& path, std::string& error) override;
  std::optional<uint32_t> send_filter(const events::SetFilterCommand& filter) override;
  std::optional<uint32_t> request_translation(uint16_t vcpu, uint64_t gva,
                                              events::AccessKind access) override;
  void request_snapshots() override;
  [[nodiscard]] bool live() const override;
  [[nodiscard]] bool connected() const override;
  [[nodiscard]] std::string source_description() const override;
  [[nodiscard]] IngestStats ingest_stats() const override;
  [[nodiscard]] std::string last_error() const override { return error_; }

 private:
  struct PendingSource {
    std::string where;
    bool live = false;
  };

  int run_interactive();
  int run_screenshot();
  int drive_ui();
  bool open_initial_source();
  void switch_source(const PendingSource& pending);
  void start_worker(std::unique_ptr<IngestWorker> worker);
  void apply_start_options();
  bool capture(const std::string& path);
  void process_sdl_events();
  void draw_panels();
  void handle_keys();
  void step_event(bool forward);
  float controls_height() const;

  InspectorOptions options_;
  std::unique_ptr<SdlScreen> screen_;
  SoftwareRasterizer rasterizer_;
  std::unique_ptr<InspectorModel> model_;
  std::unique_ptr<IngestWorker> worker_;
  std::optional<PendingSource> pending_;
  // Panels ask while they draw, under the model's lock, which the ingest thread needs
  // before it can stop: the source changes between frames.
  bool disconnect_pending_ = false;
  ViewState view_;
  TablesAtCursor tables_;
  WidgetRegistry widgets_;
  Fonts fonts_;
  bool theme_presenter_ = false;
  bool imgui_ready_ = false;
  bool running_ = true;
  ImVec2 display_{0, 0};
  std::array<std::unique_ptr<Panel>, static_cast<size_t>(PanelId::count)> panels_;
  std::string error_;
  double load_seconds_ = 0;
  double frame_ms_ = 0;
  std::vector<std::string> actions_done_;
  std::string actions_error_;
};

}  // namespace gh::inspector
