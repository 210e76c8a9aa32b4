#include "whole_frames.hpp"

#include <algorithm>

namespace gh::model {

std::vector<uint8_t> WholeFrames::add(std::span<const uint8_t> bytes) {
  const auto last_delimiter = std::find(bytes.rbegin(), bytes.rend(), uint8_t{0});
  if (last_delimiter == bytes.rend()) {
    partial_.insert(partial_.end(), bytes.begin(), bytes.end());
    return {};
  }
  const auto whole_end = last_delimiter.base();  // just past the delimiter
  std::vector<uint8_t> whole = std::move(partial_);
  whole.insert(whole.end(), bytes.begin(), whole_end);
  partial_.assign(whole_end, bytes.end());
  return whole;
}

size_t count_frames(std::span<const uint8_t> bytes) {
  return static_cast<size_t>(std::count(bytes.begin(), bytes.end(), uint8_t{0}));
}

}  // namespace gh::model
