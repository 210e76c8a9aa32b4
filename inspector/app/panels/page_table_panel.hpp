// Page tables at the cursor: the guest table (the root in the focused vCPU's satp) as a
// tree with decoded PTEs, and beside it the shadow table the VMM built for that root (or
// the G-stage table). Entries changed since the last satp write / sfence.vma are
// highlighted old -> new. Clicking a leaf translates its address.
#pragma once

#include <optional>

#include "page_table_tree.hpp"
#include "panel.hpp"
#include "translation_explainer.hpp"

namespace gh::inspector {

class PageTablePanel final : public Panel {
 public:
  PageTablePanel() : Panel("Page tables") {}
  void reset() override;
  void report(AppReport& report) const override;

 protected:
  void draw_content(PanelContext& context) override;

 private:
  struct Side {
    TableSide side;
    events::PageTableKind kind;
    uint64_t root;
  };
  void choose_roots(PanelContext& context, const PageTableSnapshot& tables);
  void draw_root_combo(const char* label, const std::set<uint64_t>& roots,
                       std::optional<uint64_t>& chosen, uint64_t shown, TextRole role);
  void draw_side(PanelContext& context, const PageTableSnapshot& tables, const Side& side);
  void draw_table(PanelContext& context, const PteMap& ptes, const Side& side, uint64_t table,
                  uint8_t level, uint64_t base_va, unsigned entries);
  void draw_entry(PanelContext& context, const PteMap& ptes, const Side& side,
                  const TableEntry& entry);

  std::optional<uint64_t> chosen_guest_root_;
  std::optional<uint64_t> chosen_host_root_;
  uint64_t guest_root_ = 0;
  uint64_t host_root_ = 0;
  size_t guest_entries_ = 0;
  size_t host_entries_ = 0;
  size_t changed_entries_ = 0;
  size_t drawn_entries_ = 0;
  uint64_t at_ = 0;
};

}  // namespace gh::inspector
