#include "panel.hpp"

namespace gh::inspector {

void Panel::draw(PanelContext& context, const PanelRect& rect) {
  if (!rect.visible()) return;
  const ImGuiCond condition = context.view.relayout ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(rect.position, condition);
  ImGui::SetNextWindowSize(rect.size, condition);
  context.widgets.begin_panel(title_);
  if (ImGui::Begin(title_.c_str(), nullptr, ImGuiWindowFlags_NoCollapse)) draw_content(context);
  ImGui::End();
}

}  // namespace gh::inspector
