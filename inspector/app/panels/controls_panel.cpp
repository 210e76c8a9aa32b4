#include "controls_panel.hpp"

#include <cstdlib>
#include <cstring>

#include "colors.hpp"
#include "command_text.hpp"
#include "names.hpp"

namespace gh::inspector {

namespace {

void class_checkbox(WidgetRegistry& widgets, const char* label, uint32_t bit, uint32_t& mask) {
  bool on = (mask & bit) != 0;
  ImGui::SameLine();
  if (noted_checkbox(widgets, label, &on)) mask = on ? mask | bit : mask & ~bit;
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
  filter_audit_.update(context.model.log());
  draw_status(context);
  draw_view_controls(context);
  draw_source_controls(context);
  draw_hypervisor_filter(context);
}

void ControlsPanel::draw_status(PanelContext& context) {
  const IngestStats stats = context.actions.ingest_stats();
  const bool live = context.actions.live();
  const auto events = static_cast<unsigned long long>(context.model.log().size());
  char text[256];
  if (!context.actions.connected()) {
    std::snprintf(text, sizeof text, "no source  |  %llu events kept (disconnected)", events);
  } else {
    std::snprintf(text, sizeof text, "%s %s  |  %llu events, %.1f MiB%s",
                  live ? "live:" : "recording:", context.actions.source_description().c_str(),
                  events, static_cast<double>(stats.bytes) / (1 << 20),
                  stats.ended ? "  (ended)" : "  (receiving)");
  }
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
  WidgetRegistry& widgets = context.widgets;
  if (noted_button(widgets, view.paused ? "Resume view" : "Pause view")) view.paused = !view.paused;
  ImGui::SameLine();
  noted_checkbox(widgets, "Follow live", &view.follow_live);
  ImGui::SameLine();
  int layout = static_cast<int>(view.layout);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  if (ImGui::Combo("Layout", &layout, "overview\0paging\0traps\0")) {
    view.layout = static_cast<LayoutPreset>(layout);
    view.relayout = true;
  }
  ImGui::SameLine();
  noted_checkbox(widgets, "Presenter theme", &view.presenter);
  ImGui::SameLine();
  ImGui::TextDisabled(
      "  keys: N/P next/previous event on the vCPU, F follow, Space pause, "
      "1-3 layouts");
}

void ControlsPanel::draw_source_controls(PanelContext& context) {
  WidgetRegistry& widgets = context.widgets;
  const float path_width = ImGui::GetFontSize() * 12;
  ImGui::SetNextItemWidth(path_width);
  noted_input(widgets, "##open", "recording file", open_path_.data(), open_path_.size());
  ImGui::SameLine();
  if (noted_button(widgets, "Open") && open_path_[0]) {
    context.actions.open_recording(open_path_.data());
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(path_width * 0.7f);
  noted_input(widgets, "##connect", "host:port", address_.data(), address_.size());
  ImGui::SameLine();
  if (noted_button(widgets, "Connect") && address_[0]) context.actions.connect(address_.data());
  ImGui::SameLine();
  if (noted_button(widgets, "Disconnect")) context.actions.disconnect();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(path_width);
  noted_input(widgets, "##save", "save as", save_path_.data(), save_path_.size());
  ImGui::SameLine();
  if (noted_button(widgets, "Save recording") && save_path_[0]) {
    std::string error;
    const bool saved = context.actions.save_recording(save_path_.data(), error);
    if (saved) saved_path_ = save_path_.data();
    message_ = saved ? "saved " + saved_path_ : error;
  }
}

void ControlsPanel::draw_hypervisor_filter(PanelContext& context) {
  if (!context.actions.live()) {
    return ImGui::TextDisabled("hypervisor filter and snapshots: connect to a live stream");
  }
  namespace ec = events::event_class;
  WidgetRegistry& widgets = context.widgets;
  ImGui::TextUnformatted("hypervisor sends:");
  class_checkbox(widgets, "traps", ec::trap, filter_classes_);
  class_checkbox(widgets, "modes", ec::mode_change, filter_classes_);
  class_checkbox(widgets, "CSRs", ec::csr_write, filter_classes_);
  class_checkbox(widgets, "guest PT", ec::guest_page_table, filter_classes_);
  class_checkbox(widgets, "shadow PT", ec::shadow_page_table, filter_classes_);
  class_checkbox(widgets, "map", ec::memory_map, filter_classes_);
  class_checkbox(widgets, "lifecycle", ec::lifecycle, filter_classes_);
  class_checkbox(widgets, "gdb", ec::gdb, filter_classes_);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
  noted_input(widgets, "vCPUs", "all", filter_vcpus_.data(), filter_vcpus_.size());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  noted_input(widgets, "range", "BEGIN-END", filter_range_.data(), filter_range_.size());
  ImGui::SameLine();
  if (noted_button(widgets, "Send filter")) send_filter(context);
  ImGui::SameLine();
  if (noted_button(widgets, "Snapshot")) context.actions.request_snapshots();
}

void ControlsPanel::send_filter(PanelContext& context) {
  events::SetFilterCommand filter{.class_mask = filter_classes_,
                                  .vcpu_mask = vcpu_mask_of(filter_vcpus_.data())};
  if (const char* dash = std::strchr(filter_range_.data(), '-')) {
    filter.address_begin = std::strtoull(filter_range_.data(), nullptr, 0);
    filter.address_end = std::strtoull(dash + 1, nullptr, 0);
  }
  const auto id = context.actions.send_filter(filter);
  message_ = id ? "filter sent (request #" + std::to_string(*id) + ")" : "could not send";
  if (!id) return;
  filter_sent_ =
      "classes=" + model::hex(filter.class_mask) + " vcpus=" + model::hex(filter.vcpu_mask) +
      " range=" + model::hex(filter.address_begin) + ".." + model::hex(filter.address_end);
  filter_audit_ = FilterAudit(filter, *id);
}

void ControlsPanel::report(AppReport& report) const {
  report.set("controls.status", status_);
  report.set("controls.saved", saved_path_);
  report.set("controls.filter_sent", filter_sent_);
  const auto& ack = filter_audit_.acknowledgement();
  report.set("controls.filter_request", static_cast<uint64_t>(filter_audit_.request_id()));
  report.set("controls.filter_ack",
             std::string(ack ? model::reply_status_name(ack->status) : "none"));
  report.set("controls.filter_ack_at", filter_audit_.acknowledged_at());
  report.set("controls.filter_events_after_ack", filter_audit_.events_after());
  report.set("controls.filter_vcpu_events_after_ack", filter_audit_.vcpu_events_after());
  report.set("controls.filter_excluded_after_ack", filter_audit_.excluded_after());
}

}  // namespace gh::inspector
