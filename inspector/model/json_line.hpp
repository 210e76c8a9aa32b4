// A tiny builder for one flat JSON object on one line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gh::model {

class JsonLine {
 public:
  JsonLine& text(std::string_view key, std::string_view value);
  JsonLine& number(std::string_view key, int64_t value);
  JsonLine& hex(std::string_view key, uint64_t value);
  JsonLine& boolean(std::string_view key, bool value);
  // A value that is already JSON (an array or object).
  JsonLine& raw(std::string_view key, std::string_view json);
  [[nodiscard]] std::string str() const { return body_ + "}"; }

  static std::string quoted(std::string_view value);

 private:
  void key(std::string_view name);
  std::string body_ = "{";
};

}  // namespace gh::model
