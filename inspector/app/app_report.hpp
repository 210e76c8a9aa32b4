// What the views show, as a flat JSON object ("panel.key": value), written by
// --report FILE after the last frame so tests can check widget state, not just pixels.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace gh::inspector {

class AppReport {
 public:
  void set(const std::string& key, const std::string& value);  // a JSON string
  void set(const std::string& key, uint64_t value);
  void set(const std::string& key, double value);
  void set(const std::string& key, bool value);

  [[nodiscard]] std::string json() const;
  bool write(const std::string& path) const;

 private:
  std::vector<std::pair<std::string, std::string>> fields_;  // key, JSON value
};

}  // namespace gh::inspector
