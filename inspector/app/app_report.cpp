#include "app_report.hpp"

#include <cstdio>

namespace gh::inspector {

namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

void AppReport::set(const std::string& key, const std::string& value) {
  fields_.emplace_back(key, quoted(value));
}
void AppReport::set(const std::string& key, uint64_t value) {
  fields_.emplace_back(key, std::to_string(value));
}
void AppReport::set(const std::string& key, double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  fields_.emplace_back(key, text);
}
void AppReport::set(const std::string& key, bool value) {
  fields_.emplace_back(key, value ? "true" : "false");
}

std::string AppReport::json() const {
  std::string out = "{\n";
  for (size_t i = 0; i < fields_.size(); ++i) {
    out += "  " + quoted(fields_[i].first) + ": " + fields_[i].second;
    out += i + 1 < fields_.size() ? ",\n" : "\n";
  }
  return out + "}\n";
}

bool AppReport::write(const std::string& path) const {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (!file) return false;
  const std::string text = json();
  const bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  return std::fclose(file) == 0 && ok;
}

}  // namespace gh::inspector
