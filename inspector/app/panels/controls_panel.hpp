// Controls: the source (open a recording, connect / disconnect, save what was
// received), pause the view (ingest continues), follow live, the layout preset, the
// presenter theme, and -- when connected -- the filter sent to the hypervisor and a
// snapshot request.
#pragma once

#include <array>
#include <string>

#include "filter_audit.hpp"
#include "panel.hpp"

namespace gh::inspector {

class ControlsPanel final : public Panel {
 public:
  ControlsPanel() : Panel("Glasshouse inspector") {}
  void reset() override { filter_audit_ = FilterAudit{}; }
  void report(AppReport& report) const override;

 protected:
  void draw_content(PanelContext& context) override;

 private:
  void draw_status(PanelContext& context);
  void draw_view_controls(PanelContext& context);
  void draw_source_controls(PanelContext& context);
  void draw_hypervisor_filter(PanelContext& context);
  void send_filter(PanelContext& context);

  std::array<char, 256> open_path_{};
  std::array<char, 128> address_{};
  std::array<char, 256> save_path_{};
  std::array<char, 64> filter_vcpus_{};
  std::array<char, 64> filter_range_{};
  uint32_t filter_classes_ = events::event_class::all;
  std::string message_;
  std::string status_;
  std::string saved_path_;   // the last recording written
  std::string filter_sent_;  // the last filter sent, as gh-events --send text
  FilterAudit filter_audit_;
};

}  // namespace gh::inspector
