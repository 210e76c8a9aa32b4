// The memory map: each guest-physical region, its kind (RAM / MMIO device / hole) and,
// for RAM, the host-physical range that backs it -- with a bar showing the regions.
#pragma once

#include "panel.hpp"

namespace gh::inspector {

class MemoryMapPanel final : public Panel {
 public:
  MemoryMapPanel() : Panel("Memory map") {}
  void report(AppReport& report) const override;

 protected:
  void draw_content(PanelContext& context) override;

 private:
  size_t regions_ = 0;
};

}  // namespace gh::inspector
