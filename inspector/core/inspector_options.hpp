// gh-inspector's command line:
//   gh-inspector [--open FILE | --connect HOST:PORT] [--screenshot PNG [--seconds N]]
//                [--size WxH] [--presenter] [--layout overview|paging|traps]
//                [--select N] [--translate GVA] [--vcpu N] [--access load|store|fetch]
//                [--search TEXT] [--report FILE] [--keys KEYS] [--actions SCRIPT]
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/wire_format.hpp"
#include "ui_actions.hpp"

namespace gh::inspector {

enum class LayoutPreset : uint8_t { overview, paging, traps };

struct InspectorOptions {
  std::string open_path;
  std::string connect_address;
  std::string screenshot_path;
  double seconds = 1.0;  // live screenshots: how long to ingest first
  int width = 1600;
  int height = 1000;
  bool presenter = false;
  LayoutPreset layout = LayoutPreset::overview;
  std::optional<int64_t> select;  // event index (negative: from the end)
  std::optional<uint64_t> translate;
  uint16_t vcpu = 0;
  events::AccessKind access = events::AccessKind::load;
  std::string search;
  std::string report_path;  // JSON of what the views show, after the last frame
  // Headless runs: keys pressed one per frame after loading, as a user would (names in
  // key_names(): n p j k f space 1 2 3).
  std::vector<std::string> keys;
  // Headless runs: mouse and keyboard actions after the keys (ui_actions.hpp).
  std::vector<UiAction> actions;
};

// The keys --keys may press (the inspector's keyboard controls).
const std::vector<std::string>& key_names();

struct ParsedOptions {
  std::optional<InspectorOptions> options;  // nullopt: error (or --help)
  std::string error;                        // empty with --help
};

ParsedOptions parse_inspector_options(const std::vector<std::string>& args);
const char* inspector_usage();

std::optional<LayoutPreset> layout_named(const std::string& name);
const char* layout_name(LayoutPreset layout);

}  // namespace gh::inspector
