// Cuts a byte stream after its last frame delimiter (0x00): the TCP relay forwards whole
// frames only, so a client that joins or leaves never gets part of a frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace gh::model {

class WholeFrames {
 public:
  // Adds `bytes` to the part held back and returns everything up to and including the
  // last delimiter (nothing while no delimiter came); keeps the rest for later.
  std::vector<uint8_t> add(std::span<const uint8_t> bytes);
  // Bytes of a frame whose delimiter has not come yet.
  [[nodiscard]] size_t held() const { return partial_.size(); }

 private:
  std::vector<uint8_t> partial_;
};

// The delimiters in `bytes`: how many frames a run of whole frames holds.
size_t count_frames(std::span<const uint8_t> bytes);

}  // namespace gh::model
