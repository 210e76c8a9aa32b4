// A cursor over a received payload, with the small parsers every packet family uses.
// Each parser either consumes what it recognised or leaves the cursor where it was.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "gdbstub/target.hpp"

namespace gh::gdbstub {

// A thread-id in a packet: -1 (all), 0 (any), or one thread.
struct ThreadSelector {
  enum class Kind : uint8_t { all, any, one };
  Kind kind = Kind::any;
  ThreadId id = 0;
};

class PacketReader {
 public:
  explicit PacketReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  bool at_end() const { return position_ == bytes_.size(); }
  size_t remaining() const { return bytes_.size() - position_; }
  std::span<const uint8_t> rest() const { return bytes_.subspan(position_); }
  std::optional<uint8_t> peek() const;

  // Consumes `c` if it is next.
  bool consume(char c);
  // Consumes `text` if the payload continues with it.
  bool consume_prefix(const char* text);
  // True if the rest of the payload is exactly `text` (consumes it then).
  bool consume_exactly(const char* text);
  // 1..16 hex digits, most significant first.
  std::optional<uint64_t> hex_number();
  // `addr,length` as in m/M/X/qXfer.
  bool address_and_length(uint64_t& address, uint64_t& length);
  // Two hex digits.
  std::optional<uint8_t> hex_byte();
  // -1, 0, a hex id, or pPID.TID (the pid is ignored).
  std::optional<ThreadSelector> thread_selector();
  // Everything up to (not including) `delimiter`, which is consumed; nullopt if absent.
  std::optional<std::span<const uint8_t>> take_until(char delimiter);

 private:
  std::optional<ThreadSelector> thread_part();

  std::span<const uint8_t> bytes_;
  size_t position_ = 0;
};

}  // namespace gh::gdbstub
