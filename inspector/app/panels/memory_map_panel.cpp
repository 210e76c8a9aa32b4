#include "memory_map_panel.hpp"

#include "colors.hpp"
#include "devices/virt_platform.hpp"
#include "names.hpp"

namespace gh::inspector {

namespace {

std::string size_text(uint64_t size) {
  if (size >= (1ull << 30) && size % (1ull << 30) == 0) return std::to_string(size >> 30) + " GiB";
  if (size >= (1ull << 20) && size % (1ull << 20) == 0) return std::to_string(size >> 20) + " MiB";
  if (size >= (1ull << 10) && size % (1ull << 10) == 0) return std::to_string(size >> 10) + " KiB";
  return std::to_string(size) + " B";
}

void draw_region(const events::MemoryRegionRecord& region) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  address_text(TextRole::gpa, region.gpa, false);
  ImGui::TableNextColumn();
  address_text(TextRole::gpa, region.gpa + region.size, false);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(size_text(region.size).c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(model::region_name(region.region));
  ImGui::TableNextColumn();
  if (region.region == events::RegionKind::ram) {
    address_text(TextRole::hpa, region.hpa, false);
    ImGui::SameLine(0, 0);
    ImGui::TextUnformatted("..");
    address_text(TextRole::hpa, region.hpa + region.size);
  } else if (region.region == events::RegionKind::mmio) {
    ImGui::Text("%s %u (trap + emulate)", devices::virt::device_name(region.device), region.device);
  }
}

}  // namespace

void MemoryMapPanel::draw_content(PanelContext& context) {
  const MemoryMap& map = context.model.state().memory_map();
  regions_ = map.size();
  if (map.empty()) return ImGui::TextDisabled("no memory map received yet");
  ImGui::TextUnformatted("guest-physical");
  colored_span(" gpa", TextRole::gpa);
  colored_span("  ->  host-physical", TextRole::plain);
  colored_span(" hpa", TextRole::hpa);
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY;
  if (!ImGui::BeginTable("map", 5, flags)) return;
  for (const char* name : {"gpa", "end", "size", "kind", "backed by"}) {
    ImGui::TableSetupColumn(name);
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableHeadersRow();
  for (const auto& [gpa, region] : map) draw_region(region);
  ImGui::EndTable();
}

void MemoryMapPanel::report(AppReport& report) const {
  report.set("memory_map.regions", static_cast<uint64_t>(regions_));
}

}  // namespace gh::inspector
