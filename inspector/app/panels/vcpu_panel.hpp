// vCPU overview: each vCPU's virtual mode, pc, satp, lifecycle state, gdb stop, trap
// counters by handler, and events lost. Clicking a row focuses that vCPU.
#pragma once

#include <utility>
#include <vector>

#include "panel.hpp"

namespace gh::inspector {

class VcpuPanel final : public Panel {
 public:
  VcpuPanel() : Panel("vCPUs") {}
  void report(AppReport& report) const override;

 protected:
  void draw_content(PanelContext& context) override;

 private:
  void draw_row(PanelContext& context, const model::VcpuView& vcpu);
  size_t rows_ = 0;
  std::string first_mode_;
  uint16_t focused_ = 0;
  std::vector<std::pair<uint16_t, uint64_t>> events_;  // per vCPU
};

}  // namespace gh::inspector
