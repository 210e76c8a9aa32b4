#include "controls_panel.hpp"

#include <cstdlib>
#include <cstring>

#include "colors.hpp"
#include "command_text.hpp"

namespace gh::inspector {

namespace {

void class_checkbox(const char* label, uint32_t bit, uint32_t& mask) {
  bool on = (mask & bit) != 0;
  ImGui::SameLine();
  if (ImGui::Checkbox(label, &on)) mask = on ? mask | bit : mask & ~bit;
}

// "0,2" -> bits 0 and 2; "" or "all" -> every vCPU.
uint64_t vcpu_mask_of(const char* text) {
  if (text[0] == '\0' || std::strcmp(text, "all") == 0) return ~uint64_t{0};
  uint64_t mask = 0;
  for (const char* p = text; *p;) {
    char* end = nullptr;
    const unsigned long vcpu = std::strtoul(p, &end, 0);
    if (end == p) break;
    mask |= 1ull << std::min(vcpu, 63ul);
    p = *end == ',' ? end + 1 : end;
  }
  return mask;
}

}  // namespace

void ControlsPanel::draw_content(PanelContext& context) {
  draw_status(context);
  draw_view_controls(context);
  draw_source_controls(context);
  draw_hypervisor_filter(context);
}

void ControlsPanel::draw_status(PanelContext& context) {
  const IngestStats stats = context.actions.ingest_stats();
  const bool live = context.actions.live();
  char text[256];
  std::snprintf(text, sizeof text, "%s %s  |  %llu events, %.1f MiB%s",
                live ? "live:" : "recording:", context.actions.source_description().c_str(),
                static_cast<unsigned long long>(context.model.log().size()),
                static_cast<double>(stats.bytes) / (1 << 20),
                stats.ended ? (live ? "  (disconnected)" : "  (loaded)") : "  (receiving)");
  status_ = text;
  ImGui::TextUnformatted(text);
  if (!context.actions.last_error().empty()) {
    ImGui::SameLine();
    ImGui::TextColored(palette::problem, "  %s", context.actions.last_error().c_str());
  }
  if (!message_.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(palette::changed, "  %s", message_.c_str());
  }
}

void ControlsPanel::draw_view_controls(PanelContext& context) {
  ViewState& view = context.view;
  if (ImGui::Button(view.paused ? "Resume view" : "Pause view")) view.paused = !view.paused;
  ImGui::SameLine();
  ImGui::Checkbox("Follow live", &view.follow_live);
  ImGui::SameLine();
  int layout = static_cast<int>(view.layout);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  if (ImGui::Combo("Layout", &layout, "overview\0paging\0traps\0")) {
    view.layout = static_cast<LayoutPreset>(layout);
    view.relayout = true;
  }
  ImGui::SameLine();
  ImGui::Checkbox("Presenter theme", &view.presenter);
  ImGui::SameLine();
  ImGui::TextDisabled(
      "  keys: N/P next/previous event on the vCPU, F follow, Space pause, "
      "1-3 layouts");
}

void ControlsPanel::draw_source_controls(PanelContext& context) {
  const float path_width = ImGui::GetFontSize() * 12;
  ImGui::SetNextItemWidth(path_width);
  ImGui::InputTextWithHint("##open", "recording file", open_path_.data(), open_path_.size());
  ImGui::SameLine();
  if (ImGui::Button("Open") && open_path_[0]) context.actions.open_recording(open_path_.data());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(path_width * 0.7f);
  ImGui::InputTextWithHint("##connect", "host:port", address_.data(), address_.size());
  ImGui::SameLine();
  if (ImGui::Button("Connect") && address_[0]) context.actions.connect(address_.data());
  ImGui::SameLine();
  if (ImGui::Button("Disconnect")) context.actions.disconnect();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(path_width);
  ImGui::InputTextWithHint("##save", "save as", save_path_.data(), save_path_.size());
  ImGui::SameLine();
  if (ImGui::Button("Save recording") && save_path_[0]) {
    std::string error;
    message_ = context.actions.save_recording(save_path_.data(), error)
                   ? std::string("saved ") + save_path_.data()
                   : error;
  }
}

void ControlsPanel::draw_hypervisor_filter(PanelContext& context) {
  if (!context.actions.live()) {
    return ImGui::TextDisabled("hypervisor filter and snapshots: connect to a live stream");
  }
  namespace ec = events::event_class;
  ImGui::TextUnformatted("hypervisor sends:");
  class_checkbox("traps", ec::trap, filter_classes_);
  class_checkbox("modes", ec::mode_change, filter_classes_);
  class_checkbox("CSRs", ec::csr_write, filter_classes_);
  class_checkbox("guest PT", ec::guest_page_table, filter_classes_);
  class_checkbox("shadow PT", ec::shadow_page_table, filter_classes_);
  class_checkbox("map", ec::memory_map, filter_classes_);
  class_checkbox("lifecycle", ec::lifecycle, filter_classes_);
  class_checkbox("gdb", ec::gdb, filter_classes_);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
  ImGui::InputTextWithHint("vCPUs", "all", filter_vcpus_.data(), filter_vcpus_.size());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  ImGui::InputTextWithHint("range", "BEGIN-END", filter_range_.data(), filter_range_.size());
  ImGui::SameLine();
  if (ImGui::Button("Send filter")) {
    events::SetFilterCommand filter{.class_mask = filter_classes_,
                                    .vcpu_mask = vcpu_mask_of(filter_vcpus_.data())};
    if (const char* dash = std::strchr(filter_range_.data(), '-')) {
      filter.address_begin = std::strtoull(filter_range_.data(), nullptr, 0);
      filter.address_end = std::strtoull(dash + 1, nullptr, 0);
    }
    auto id = context.actions.send_filter(filter);
    message_ = id ? "filter sent (request #" + std::to_string(*id) + ")" : "could not send";
  }
  ImGui::SameLine();
  if (ImGui::Button("Snapshot")) context.actions.request_snapshots();
}

void ControlsPanel::report(AppReport& report) const { report.set("controls.status", status_); }

}  // namespace gh::inspector
