// A translation told step by step, for people: satp decoded, the VPN indices, the PTE
// address arithmetic, each PTE with its bits, the gpa, where the gpa lives in host
// memory, the shadow (or G-stage) entry in use -- or, for a failing walk, the level and
// the rule that failed, in plain words. Addresses carry a role so every view colours
// gva, gpa and hpa the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "page_table_tree.hpp"
#include "recorded_translation.hpp"

namespace gh::inspector {

enum class TextRole : uint8_t { plain, gva, gpa, hpa, good, bad, heading };

struct TextSpan {
  std::string text;
  TextRole role = TextRole::plain;
};

struct ExplanationLine {
  std::vector<TextSpan> spans;
  int indent = 0;

  [[nodiscard]] std::string text() const;  // the spans joined, without roles
};

struct ExplainContext {
  std::optional<events::VirtualMode> mode;
  const MemoryMap* memory_map = nullptr;
  std::optional<HostLookup> host_entry;  // the shadow / G-stage entry found, if looked up
  events::PageTableKind host_kind = events::PageTableKind::shadow;
};

std::vector<ExplanationLine> explain_translation(const events::TranslationRecord& walk,
                                                 const ExplainContext& context);

// What a failed walk rule means, in a sentence.
std::string rule_in_plain_words(uint8_t rule);

// All lines as text, one per line (for reports and tests).
std::string explanation_text(const std::vector<ExplanationLine>& lines);

}  // namespace gh::inspector
