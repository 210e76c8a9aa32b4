// Translation: type a gva (or take the selected trap's tval, or click a leaf in the page
// tables) and see the walk step by step. Connected live, the hypervisor is asked
// (request_translation) and its TranslationRecord is explained; from a recording, the
// mmu walker runs over the guest table rebuilt at the cursor.
#pragma once

#include <array>
#include <vector>

#include "panel.hpp"
#include "translation_explainer.hpp"

namespace gh::inspector {

class TranslationPanel final : public Panel {
 public:
  TranslationPanel() : Panel("Translation") {}
  // Waiting for the hypervisor's answer to a translate command.
  [[nodiscard]] bool busy() const override { return waiting_; }
  void report(AppReport& report) const override;

 protected:
  void draw_content(PanelContext& context) override;

 private:
  void draw_inputs(PanelContext& context);
  void draw_tval_shortcut(PanelContext& context);
  void draw_live_reply(PanelContext& context);
  void draw_recorded_walk(PanelContext& context);
  void submit(PanelContext& context, uint64_t gva);

  std::array<char, 32> gva_text_{};
  int vcpu_ = 0;
  int access_ = 1;  // events::AccessKind: fetch, load, store
  uint64_t shown_gva_ = 0;
  std::vector<ExplanationLine> recorded_;
  std::vector<ExplanationLine> live_;
  bool waiting_ = false;
};

}  // namespace gh::inspector
