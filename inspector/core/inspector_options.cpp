#include "inspector_options.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace gh::inspector {

namespace {

std::optional<uint64_t> number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const uint64_t value = std::strtoull(text.c_str(), &end, 0);
  if (*end != '\0') return std::nullopt;
  return value;
}

bool parse_size(const std::string& text, InspectorOptions& options) {
  const size_t x = text.find('x');
  if (x == std::string::npos) return false;
  auto width = number(text.substr(0, x));
  auto height = number(text.substr(x + 1));
  if (!width || !height || *width < 320 || *height < 240 || *width > 8192 || *height > 8192) {
    return false;
  }
  options.width = static_cast<int>(*width);
  options.height = static_cast<int>(*height);
  return true;
}

std::optional<events::AccessKind> access_named(const std::string& name) {
  if (name == "load") return events::AccessKind::load;
  if (name == "store") return events::AccessKind::store;
  if (name == "fetch") return events::AccessKind::fetch;
  return std::nullopt;
}

std::optional<int64_t> signed_number(const std::string& text) {
  if (!text.empty() && text[0] == '-') {
    auto magnitude = number(text.substr(1));
    if (!magnitude) return std::nullopt;
    return -static_cast<int64_t>(*magnitude);
  }
  auto value = number(text);
  if (!value) return std::nullopt;
  return static_cast<int64_t>(*value);
}

bool parse_keys(const std::string& value, InspectorOptions& o) {
  std::istringstream words(value);
  std::string key;
  while (words >> key) {
    const auto& known = key_names();
    if (std::find(known.begin(), known.end(), key) == known.end()) return false;
    o.keys.push_back(key);
  }
  return !o.keys.empty();
}

// Applies one option that takes a value; false when the value is bad.
bool apply_valued(const std::string& flag, const std::string& value, InspectorOptions& o) {
  if (flag == "--open") return o.open_path = value, true;
  if (flag == "--connect") return o.connect_address = value, true;
  if (flag == "--screenshot") return o.screenshot_path = value, true;
  if (flag == "--report") return o.report_path = value, true;
  if (flag == "--search") return o.search = value, true;
  if (flag == "--size") return parse_size(value, o);
  if (flag == "--seconds") {
    char* end = nullptr;
    o.seconds = std::strtod(value.c_str(), &end);
    return *end == '\0' && o.seconds >= 0;
  }
  if (flag == "--layout") {
    auto layout = layout_named(value);
    if (layout) o.layout = *layout;
    return layout.has_value();
  }
  if (flag == "--keys") return parse_keys(value, o);
  if (flag == "--select") return (o.select = signed_number(value)).has_value();
  if (flag == "--translate") return (o.translate = number(value)).has_value();
  if (flag == "--vcpu") {
    auto vcpu = number(value);
    if (vcpu && *vcpu < events::all_vcpus) o.vcpu = static_cast<uint16_t>(*vcpu);
    return vcpu && *vcpu < events::all_vcpus;
  }
  if (flag == "--access") {
    auto access = access_named(value);
    if (access) o.access = *access;
    return access.has_value();
  }
  return false;
}

bool takes_value(const std::string& flag) {
  static const char* const valued[] = {
      "--open",   "--connect", "--screenshot", "--report", "--search", "--size", "--seconds",
      "--layout", "--select",  "--translate",  "--vcpu",   "--access", "--keys", "--actions"};
  for (const char* name : valued) {
    if (flag == name) return true;
  }
  return false;
}

}  // namespace

const char* inspector_usage() {
  return "usage: gh-inspector [--open FILE | --connect HOST:PORT]\n"
         "                    [--screenshot PNG [--seconds N]] [--size WxH] [--presenter]\n"
         "                    [--layout overview|paging|traps] [--select N]\n"
         "                    [--translate GVA] [--vcpu N] [--access load|store|fetch]\n"
         "                    [--search TEXT] [--report FILE] [--keys \"n p space ...\"]\n"
         "                    [--actions \"click:WIDGET[@FX,FY]; type:WIDGET=TEXT; key:NAME;\n"
         "                               wait:SECONDS; report:FILE\"]\n"
         "--actions (with --screenshot) drives the UI with the mouse after loading; WIDGET is\n"
         "a label as drawn (\"Disconnect\", \"vCPU 1\"), or \"Panel/label\", or a prefix\n"
         "ending in '*'. See docs/inspector.md.\n";
}

const std::vector<std::string>& key_names() {
  static const std::vector<std::string> names = {"n", "p", "j", "k", "f", "space", "1", "2", "3"};
  return names;
}

std::optional<LayoutPreset> layout_named(const std::string& name) {
  if (name == "overview") return LayoutPreset::overview;
  if (name == "paging") return LayoutPreset::paging;
  if (name == "traps") return LayoutPreset::traps;
  return std::nullopt;
}

const char* layout_name(LayoutPreset layout) {
  switch (layout) {
    case LayoutPreset::overview:
      return "overview";
    case LayoutPreset::paging:
      return "paging";
    case LayoutPreset::traps:
      return "traps";
  }
  return "?";
}

ParsedOptions parse_inspector_options(const std::vector<std::string>& args) {
  InspectorOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--help" || flag == "-h") return {std::nullopt, ""};
    if (flag == "--presenter") {
      options.presenter = true;
      continue;
    }
    if (!takes_value(flag)) return {std::nullopt, "unknown option " + flag};
    if (i + 1 >= args.size()) return {std::nullopt, flag + " needs a value"};
    if (flag == "--actions") {
      ParsedActions actions = parse_ui_actions(args[++i]);
      if (!actions.error.empty()) return {std::nullopt, "--actions: " + actions.error};
      options.actions = std::move(actions.actions);
      continue;
    }
    if (!apply_valued(flag, args[++i], options)) {
      return {std::nullopt, "bad value for " + flag + ": " + args[i]};
    }
  }
  if (!options.open_path.empty() && !options.connect_address.empty()) {
    return {std::nullopt, "--open and --connect exclude each other"};
  }
  return {options, ""};
}

}  // namespace gh::inspector
