#include "vcpu_panel.hpp"

#include "colors.hpp"
#include "names.hpp"
#include "riscv/csr.hpp"

namespace gh::inspector {

namespace {

using events::HandledBy;

uint64_t handled(const model::VcpuView& vcpu, HandledBy by) {
  auto found = vcpu.traps_by_handler.find(by);
  return found == vcpu.traps_by_handler.end() ? 0 : found->second;
}

void number_cell(uint64_t value) { ImGui::Text("%llu", static_cast<unsigned long long>(value)); }

void draw_header(const model::SessionState& state) {
  if (const auto& hello = state.hello()) {
    ImGui::Text("%u vCPUs, %s backend, timebase %llu Hz", hello->vcpu_count,
                hello->backend ? "H-extension" : "trap-and-emulate",
                static_cast<unsigned long long>(hello->timebase_hz));
  } else {
    ImGui::TextDisabled("no hello yet");
  }
  const auto& counters = state.counters();
  if (counters.problems > 0) {
    ImGui::SameLine();
    ImGui::TextColored(palette::problem, "  %llu problems (%llu missing, %llu dropped)",
                       static_cast<unsigned long long>(counters.problems),
                       static_cast<unsigned long long>(counters.missing),
                       static_cast<unsigned long long>(counters.dropped));
  }
}

}  // namespace

void VcpuPanel::draw_content(PanelContext& context) {
  const model::SessionState& state = context.model.state();
  draw_header(state);
  rows_ = state.vcpus().size();
  focused_ = context.view.focus_vcpu;
  events_.clear();
  for (const auto& [id, vcpu] : state.vcpus()) events_.emplace_back(id, vcpu.events);
  if (auto first = state.vcpus().begin(); first != state.vcpus().end() && first->second.mode) {
    first_mode_ = model::mode_letter(*first->second.mode);
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("vcpus", 11, flags)) return;
  for (const char* name : {"vCPU", "mode", "state", "pc", "satp", "traps", "emulated", "reflected",
                           "sbi", "mmio", "shadow fill"}) {
    ImGui::TableSetupColumn(name);
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableHeadersRow();
  for (const auto& [id, vcpu] : state.vcpus()) draw_row(context, vcpu);
  ImGui::EndTable();
}

void VcpuPanel::draw_row(PanelContext& context, const model::VcpuView& vcpu) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  char label[16];
  std::snprintf(label, sizeof label, "vCPU %u", vcpu.id);
  if (ImGui::Selectable(label, context.view.focus_vcpu == vcpu.id,
                        ImGuiSelectableFlags_SpanAllColumns)) {
    context.view.focus_vcpu = vcpu.id;
  }
  context.widgets.note(label);
  ImGui::TableNextColumn();
  if (vcpu.mode) {
    ImGui::TextColored(mode_color(*vcpu.mode), "%s", model::mode_letter(*vcpu.mode));
  } else {
    ImGui::TextDisabled("?");
  }
  ImGui::TableNextColumn();
  ImGui::Text("%s%s", model::lifecycle_name(vcpu.state), vcpu.gdb_stopped ? " (gdb)" : "");
  ImGui::TableNextColumn();
  address_text(TextRole::gva, vcpu.pc, false);
  ImGui::TableNextColumn();
  auto satp = vcpu.csrs.find(riscv::csr_number(riscv::Csr::satp));
  if (satp != vcpu.csrs.end()) {
    ImGui::Text("%s", model::hex(satp->second).c_str());
  } else {
    ImGui::TextDisabled("-");
  }
  ImGui::TableNextColumn();
  number_cell(vcpu.traps);
  for (HandledBy by : {HandledBy::emulated, HandledBy::reflected, HandledBy::sbi, HandledBy::mmio,
                       HandledBy::shadow_fill}) {
    ImGui::TableNextColumn();
    number_cell(handled(vcpu, by));
  }
}

void VcpuPanel::report(AppReport& report) const {
  report.set("vcpus.rows", static_cast<uint64_t>(rows_));
  report.set("vcpus.first_mode", first_mode_);
  report.set("vcpus.focused", static_cast<uint64_t>(focused_));
  for (const auto& [id, events] : events_) {
    report.set("vcpus." + std::to_string(id) + ".events", events);
  }
}

}  // namespace gh::inspector
