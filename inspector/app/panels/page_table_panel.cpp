#include "page_table_panel.hpp"

#include <algorithm>

#include "colors.hpp"
#include "names.hpp"
#include "pte_fields.hpp"

namespace gh::inspector {

namespace {

constexpr uint8_t sv39_top_level = 2;

TextRole address_role(const PageTableSnapshot& tables, TableSide side, bool target) {
  if (side == TableSide::guest) return target ? TextRole::gpa : TextRole::gva;
  if (target) return TextRole::hpa;
  return tables.host_kind == events::PageTableKind::g_stage ? TextRole::gpa : TextRole::gva;
}

size_t count_changed(const PteMap& ptes) {
  return static_cast<size_t>(std::count_if(
      ptes.begin(), ptes.end(), [](const auto& item) { return item.second.changed_since_fence; }));
}

}  // namespace

void PageTablePanel::reset() {
  chosen_guest_root_.reset();
  chosen_host_root_.reset();
}

void PageTablePanel::choose_roots(PanelContext& context, const PageTableSnapshot& tables) {
  const auto in_satp =
      context.model.page_tables().guest_root_at(context.view.focus_vcpu, tables.at);
  guest_root_ = chosen_guest_root_.value_or(
      in_satp.value_or(tables.guest_roots.empty() ? 0 : *tables.guest_roots.rbegin()));
  const auto built_for = context.model.page_tables().host_root_for(guest_root_);
  const bool known = built_for && tables.host_roots.count(*built_for);
  host_root_ = chosen_host_root_.value_or(
      known ? *built_for : (tables.host_roots.empty() ? 0 : *tables.host_roots.begin()));
}

void PageTablePanel::draw_root_combo(const char* label, const std::set<uint64_t>& roots,
                                     std::optional<uint64_t>& chosen, uint64_t shown,
                                     TextRole role) {
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  ImGui::PushStyleColor(ImGuiCol_Text, role_color(role));
  const bool open = ImGui::BeginCombo(label, model::hex(shown).c_str());
  ImGui::PopStyleColor();
  if (!open) return;
  if (ImGui::Selectable("automatic", !chosen)) chosen.reset();
  for (uint64_t root : roots) {
    if (ImGui::Selectable(model::hex(root).c_str(), chosen == root)) chosen = root;
  }
  ImGui::EndCombo();
}

void PageTablePanel::draw_content(PanelContext& context) {
  const PageTableSnapshot* tables =
      context.tables.get(context.model, context.view.cursor(), context.view.follow_live);
  if (!tables) return ImGui::TextDisabled("no events yet");
  at_ = tables->at;
  choose_roots(context, *tables);
  ImGui::Text("At event #%u", tables->at);
  ImGui::SameLine();
  if (tables->last_fence) {
    ImGui::TextColored(palette::changed, "changes since the fence at #%u highlighted",
                       *tables->last_fence);
  }
  draw_root_combo("guest root", tables->guest_roots, chosen_guest_root_, guest_root_,
                  TextRole::gpa);
  ImGui::SameLine();
  const bool g_stage = tables->host_kind == events::PageTableKind::g_stage;
  draw_root_combo(g_stage ? "G-stage root" : "shadow root", tables->host_roots, chosen_host_root_,
                  host_root_, TextRole::hpa);
  guest_entries_ = tables->guest.size();
  host_entries_ = tables->host.size();
  changed_entries_ = count_changed(tables->guest) + count_changed(tables->host);
  drawn_entries_ = 0;
  const float half = ImGui::GetContentRegionAvail().x * 0.5f;
  ImGui::BeginChild("guest", {half - 4, 0}, true, ImGuiWindowFlags_HorizontalScrollbar);
  draw_side(context, *tables, {TableSide::guest, events::PageTableKind::guest, guest_root_});
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("host", {0, 0}, true, ImGuiWindowFlags_HorizontalScrollbar);
  draw_side(context, *tables, {TableSide::host, tables->host_kind, host_root_});
  ImGui::EndChild();
}

void PageTablePanel::draw_side(PanelContext& context, const PageTableSnapshot& tables,
                               const Side& side) {
  const bool guest = side.side == TableSide::guest;
  ImGui::TextUnformatted(guest ? "Guest table (gva -> gpa)"
                         : side.kind == events::PageTableKind::g_stage
                             ? "G-stage table (gpa -> hpa)"
                             : "Shadow table (gva -> hpa)");
  if (side.root == 0) return ImGui::TextDisabled("no table seen yet");
  ImGui::TextUnformatted("root at");
  address_text(guest ? TextRole::gpa : TextRole::hpa, side.root);
  ImGui::Separator();
  draw_table(context, tables.side(side.side), side, side.root, sv39_top_level, 0,
             table_entries(side.kind, true));
}

void PageTablePanel::draw_table(PanelContext& context, const PteMap& ptes, const Side& side,
                                uint64_t table, uint8_t level, uint64_t base_va, unsigned entries) {
  for (const TableEntry& entry : entries_of_table(ptes, table, level, base_va, entries)) {
    draw_entry(context, ptes, side, entry);
  }
}

void PageTablePanel::draw_entry(PanelContext& context, const PteMap& ptes, const Side& side,
                                const TableEntry& entry) {
  ++drawn_entries_;
  const PteState& state = *entry.state;
  const PageTableSnapshot& tables =
      *context.tables.get(context.model, context.view.cursor(), context.view.follow_live);
  const bool pointer = entry.is_pointer();
  ImGui::PushID(static_cast<int>(entry.address ^ (entry.address >> 32)));
  ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_SpanAvailWidth;
  if (!pointer) flags |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
  if (pointer && entry.level > 0) ImGui::SetNextItemOpen(true, ImGuiCond_Once);
  if (state.changed_since_fence) ImGui::PushStyleColor(ImGuiCol_Text, palette::changed);
  const bool open = ImGui::TreeNodeEx("##entry", flags, "[%u]", entry.index);
  if (state.changed_since_fence) ImGui::PopStyleColor();
  if (!pointer && side.side == TableSide::guest) {
    context.widgets.note("guest leaf " + model::hex(entry.va));
  }
  if (!pointer && ImGui::IsItemClicked() && side.side == TableSide::guest) {
    context.view.translation = {.gva = entry.va,
                                .vcpu = context.view.focus_vcpu,
                                .access = events::AccessKind::load,
                                .active = true,
                                .live_request = std::nullopt,
                                .send_live = true};
  }
  ImGui::SameLine();
  address_text(address_role(tables, side.side, false), entry.va, false);
  colored_span("  " + pte_bit_string(state.pte) + "  ", TextRole::plain);
  if (state.changed_since_fence) {
    colored_span(model::hex(state.pte_before_fence_window) + " -> " + model::hex(state.pte) + "  ",
                 TextRole::plain);
  }
  if (!(state.pte & 1)) {
    colored_span("removed", TextRole::bad);
  } else {
    colored_span(pointer ? "table " : page_size_name(entry.level) + " ", TextRole::plain);
    address_text(address_role(tables, side.side, true), decode_pte(state.pte).physical_address());
  }
  if (pointer && open) {
    draw_table(context, ptes, side, entry.child_table(), static_cast<uint8_t>(entry.level - 1),
               entry.va, 512);
    ImGui::TreePop();
  }
  ImGui::PopID();
}

void PageTablePanel::report(AppReport& report) const {
  report.set("page_tables.at", at_);
  report.set("page_tables.guest_root", model::hex(guest_root_));
  report.set("page_tables.host_root", model::hex(host_root_));
  report.set("page_tables.guest_entries", static_cast<uint64_t>(guest_entries_));
  report.set("page_tables.host_entries", static_cast<uint64_t>(host_entries_));
  report.set("page_tables.changed_entries", static_cast<uint64_t>(changed_entries_));
  report.set("page_tables.drawn_entries", static_cast<uint64_t>(drawn_entries_));
}

}  // namespace gh::inspector
