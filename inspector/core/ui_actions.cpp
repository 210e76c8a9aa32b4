#include "ui_actions.hpp"

#include <algorithm>
#include <cstdlib>

namespace gh::inspector {

namespace {

std::string trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\n") - first + 1);
}

std::optional<double> fraction(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || value < 0 || value > 1) return std::nullopt;
  return value;
}

// "WIDGET" or "WIDGET@FX,FY".
std::string parse_click(const std::string& argument, UiAction& action) {
  const size_t at = argument.rfind('@');
  action.target = trimmed(argument.substr(0, at));
  if (at == std::string::npos) return "";
  const std::string where = argument.substr(at + 1);
  const size_t comma = where.find(',');
  const auto fx = fraction(where.substr(0, comma));
  const auto fy = comma == std::string::npos ? std::nullopt : fraction(where.substr(comma + 1));
  if (!fx || !fy) return "click position '" + where + "' is not FX,FY with fractions 0..1";
  action.fx = static_cast<float>(*fx);
  action.fy = static_cast<float>(*fy);
  return "";
}

std::string parse_argument(const std::string& verb, const std::string& argument, UiAction& action) {
  if (verb == "click") {
    action.kind = UiActionKind::click;
    return parse_click(argument, action);
  }
  if (verb == "type") {
    const size_t equals = argument.find('=');
    if (equals == std::string::npos) return "type needs WIDGET=TEXT";
    action.kind = UiActionKind::type;
    action.target = trimmed(argument.substr(0, equals));
    action.text = argument.substr(equals + 1);
    return "";
  }
  if (verb == "key") {
    action.kind = UiActionKind::key;
    action.target = trimmed(argument);
    const auto& known = action_key_names();
    if (std::find(known.begin(), known.end(), action.target) != known.end()) return "";
    return "unknown key '" + action.target + "'";
  }
  if (verb == "wait") {
    char* end = nullptr;
    action.kind = UiActionKind::wait;
    action.seconds = std::strtod(argument.c_str(), &end);
    if (argument.empty() || *end != '\0' || action.seconds < 0 || action.seconds > 600) {
      return "wait needs seconds (0..600), got '" + argument + "'";
    }
    return "";
  }
  if (verb == "report") {
    action.kind = UiActionKind::report;
    action.target = trimmed(argument);
    return "";
  }
  return "unknown action '" + verb + "' (click, type, key, wait, report)";
}

}  // namespace

const std::vector<std::string>& action_key_names() {
  static const std::vector<std::string> names = {
      "n", "p", "j", "k", "f", "space", "1", "2", "3", "return", "tab", "escape", "backspace"};
  return names;
}

ParsedActions parse_ui_actions(const std::string& script) {
  ParsedActions parsed;
  size_t start = 0;
  while (start <= script.size()) {
    const size_t end = std::min(script.find(';', start), script.size());
    const std::string step = trimmed(script.substr(start, end - start));
    start = end + 1;
    if (step.empty()) continue;
    const size_t colon = step.find(':');
    UiAction action;
    std::string error = colon == std::string::npos
                            ? "'" + step + "' is not VERB:ARGUMENT"
                            : parse_argument(step.substr(0, colon), step.substr(colon + 1), action);
    if (error.empty() && action.target.empty() && action.kind != UiActionKind::wait) {
      error = "'" + step + "' names nothing";
    }
    if (!error.empty())
      return {{}, "action " + std::to_string(parsed.actions.size() + 1) + ": " + error};
    parsed.actions.push_back(action);
  }
  if (parsed.actions.empty()) parsed.error = "no actions";
  return parsed;
}

}  // namespace gh::inspector
