#include "translation_panel.hpp"

#include <algorithm>
#include <cstdlib>

#include "colors.hpp"
#include "names.hpp"
#include "riscv/csr.hpp"

namespace gh::inspector {

namespace {

struct WalkInputs {
  uint64_t satp = 0;
  events::VirtualMode mode = events::VirtualMode::supervisor;
  uint64_t mstatus = 0;
};

WalkInputs walk_inputs(const InspectorModel& model, uint16_t vcpu, EventIndex at) {
  WalkInputs inputs;
  const model::VcpuView* view = model.state().vcpu(vcpu);
  if (auto satp = model.page_tables().satp_at(vcpu, at)) inputs.satp = *satp;
  if (const Lane* lane = model.timeline().lane(vcpu)) {
    if (auto mode = lane->mode_at(model.log().entry(at).timestamp)) inputs.mode = *mode;
  }
  if (view) {
    auto mstatus = view->csrs.find(riscv::csr_number(riscv::Csr::mstatus));
    if (mstatus != view->csrs.end()) inputs.mstatus = mstatus->second;
  }
  return inputs;
}

std::optional<HostLookup> host_entry(const InspectorModel& model, const PageTableSnapshot& tables,
                                     const events::TranslationRecord& walk) {
  if (walk.outcome != events::WalkOutcome::translated || tables.host_roots.empty()) return {};
  if (tables.host_kind == events::PageTableKind::g_stage) {
    return lookup_in_table(tables.host, *tables.host_roots.begin(), walk.gpa, 3, 2048);
  }
  if (!walk.translated_by_tables) return {};
  const uint64_t guest_root = (walk.satp & riscv::satp::ppn_mask) << 12;
  const auto root = model.page_tables().host_root_for(guest_root);
  if (!root) return {};
  return lookup_in_table(tables.host, *root, walk.gva);
}

void draw_lines(const std::vector<ExplanationLine>& lines) {
  for (const ExplanationLine& line : lines) draw_explanation_line(line);
}

}  // namespace

void TranslationPanel::submit(PanelContext& context, uint64_t gva) {
  TranslationRequest& request = context.view.translation;
  request = {.gva = gva,
             .vcpu = static_cast<uint16_t>(vcpu_),
             .access = static_cast<events::AccessKind>(access_),
             .active = true,
             .live_request = std::nullopt,
             .send_live = true};
}

void TranslationPanel::draw_inputs(PanelContext& context) {
  TranslationRequest& request = context.view.translation;
  if (request.active && request.gva != shown_gva_) {
    std::snprintf(gva_text_.data(), gva_text_.size(), "0x%llx",
                  static_cast<unsigned long long>(request.gva));
    vcpu_ = request.vcpu;
    access_ = static_cast<int>(request.access);
    shown_gva_ = request.gva;
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  const bool entered =
      noted_input(context.widgets, "gva", "0x...", gva_text_.data(), gva_text_.size(),
                  ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CharsHexadecimal);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
  ImGui::InputInt("vCPU", &vcpu_);
  vcpu_ = std::clamp(vcpu_, 0, 1023);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.5f);
  ImGui::Combo("access", &access_, "fetch\0load\0store\0");
  ImGui::SameLine();
  if (noted_button(context.widgets, "Translate") || entered) {
    submit(context, std::strtoull(gva_text_.data(), nullptr, 16));
  }
  draw_tval_shortcut(context);
  if (request.send_live) {
    request.send_live = false;
    if (context.actions.live()) {
      request.live_request =
          context.actions.request_translation(request.vcpu, request.gva, request.access);
    }
  }
}

void TranslationPanel::draw_tval_shortcut(PanelContext& context) {
  const auto selected = context.view.selected;
  if (!selected || *selected >= context.model.log().size()) return;
  const events::TrapRecord* trap = context.model.log().trap(*selected);
  if (!trap || trap->tval == 0 || (trap->cause >> 63)) return;
  const bool page_fault = trap->cause == 12 || trap->cause == 13 || trap->cause == 15;
  char label[64];
  std::snprintf(label, sizeof label, "Use the selected trap's tval 0x%llx",
                static_cast<unsigned long long>(trap->tval));
  if (!noted_button(context.widgets, label)) return;
  vcpu_ = context.model.log().entry(*selected).vcpu;
  access_ = trap->cause == 12 ? 0 : trap->cause == 15 ? 2 : page_fault ? 1 : access_;
  submit(context, trap->tval);
}

void TranslationPanel::draw_live_reply(PanelContext& context) {
  const auto& request = context.view.translation;
  live_.clear();
  if (!request.live_request) return;
  const auto& replies = context.model.state().translations();
  auto found = replies.find(*request.live_request);
  section_heading("The hypervisor's walk");
  if (found == replies.end()) {
    return ImGui::TextDisabled("waiting for the reply to request #%u", *request.live_request);
  }
  live_ = explain_translation(found->second, {.mode = std::nullopt,
                                              .memory_map = &context.model.state().memory_map(),
                                              .host_entry = std::nullopt,
                                              .host_kind = events::PageTableKind::shadow});
  draw_lines(live_);
}

void TranslationPanel::draw_recorded_walk(PanelContext& context) {
  recorded_.clear();
  const auto& request = context.view.translation;
  const PageTableSnapshot* tables =
      context.tables.get(context.model, context.view.cursor(), context.view.follow_live);
  if (!tables) return;
  const WalkInputs inputs = walk_inputs(context.model, request.vcpu, tables->at);
  const MemoryMap& map = context.model.state().memory_map();
  const events::TranslationRecord walk = translate_recorded(
      {request.gva, request.access, inputs.satp, inputs.mode, inputs.mstatus}, map, tables->guest);
  section_heading("Walk over the tables at the cursor");
  ImGui::TextDisabled("event #%u, vCPU %u", tables->at, request.vcpu);
  recorded_ = explain_translation(walk, {.mode = inputs.mode,
                                         .memory_map = &map,
                                         .host_entry = host_entry(context.model, *tables, walk),
                                         .host_kind = tables->host_kind});
  draw_lines(recorded_);
}

void TranslationPanel::draw_content(PanelContext& context) {
  draw_inputs(context);
  if (!context.view.translation.active) {
    return ImGui::TextDisabled("Type a gva, pick a trap and use its tval, or click a leaf PTE.");
  }
  ImGui::BeginChild("walk", {0, 0}, false, ImGuiWindowFlags_HorizontalScrollbar);
  draw_live_reply(context);
  draw_recorded_walk(context);
  ImGui::EndChild();
}

void TranslationPanel::report(AppReport& report) const {
  report.set("translation.gva", shown_gva_);
  report.set("translation.recorded", explanation_text(recorded_));
  report.set("translation.live", explanation_text(live_));
}

}  // namespace gh::inspector
