#include "gdbstub/packet_reader.hpp"

#include "gdbstub/hex.hpp"

namespace gh::gdbstub {

std::optional<uint8_t> PacketReader::peek() const {
  if (at_end()) return std::nullopt;
  return bytes_[position_];
}

bool PacketReader::consume(char c) {
  if (at_end() || bytes_[position_] != static_cast<uint8_t>(c)) return false;
  ++position_;
  return true;
}

bool PacketReader::consume_prefix(const char* text) {
  size_t i = 0;
  for (; text[i] != '\0'; ++i) {
    if (position_ + i >= bytes_.size() || bytes_[position_ + i] != static_cast<uint8_t>(text[i])) {
      return false;
    }
  }
  position_ += i;
  return true;
}

bool PacketReader::consume_exactly(const char* text) {
  const size_t saved = position_;
  if (consume_prefix(text) && at_end()) return true;
  position_ = saved;
  return false;
}

std::optional<uint64_t> PacketReader::hex_number() {
  uint64_t value = 0;
  size_t digits = 0;
  while (!at_end() && hex_value(bytes_[position_]) >= 0) {
    if (digits == 16) {
      position_ -= digits;
      return std::nullopt;  // more than 64 bits
    }
    value = (value << 4) | static_cast<uint64_t>(hex_value(bytes_[position_]));
    ++position_;
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  return value;
}

bool PacketReader::address_and_length(uint64_t& address, uint64_t& length) {
  const size_t saved = position_;
  const auto parsed_address = hex_number();
  if (parsed_address && consume(',')) {
    if (const auto parsed_length = hex_number()) {
      address = *parsed_address;
      length = *parsed_length;
      return true;
    }
  }
  position_ = saved;
  return false;
}

std::optional<uint8_t> PacketReader::hex_byte() {
  if (remaining() < 2) return std::nullopt;
  const int high = hex_value(bytes_[position_]);
  const int low = hex_value(bytes_[position_ + 1]);
  if (high < 0 || low < 0) return std::nullopt;
  position_ += 2;
  return static_cast<uint8_t>((high << 4) | low);
}

std::optional<ThreadSelector> PacketReader::thread_part() {
  if (consume_prefix("-1")) return ThreadSelector{ThreadSelector::Kind::all, 0};
  const auto id = hex_number();
  if (!id) return std::nullopt;
  if (*id == 0) return ThreadSelector{ThreadSelector::Kind::any, 0};
  if (*id > kMaxThreads) return ThreadSelector{ThreadSelector::Kind::one, kMaxThreads + 1};
  return ThreadSelector{ThreadSelector::Kind::one, static_cast<ThreadId>(*id)};
}

std::optional<ThreadSelector> PacketReader::thread_selector() {
  const size_t saved = position_;
  if (consume('p')) {  // multiprocess form pPID.TID: one process, the pid is ignored
    if (!thread_part() || !consume('.')) {
      position_ = saved;
      return std::nullopt;
    }
  }
  auto selector = thread_part();
  if (!selector) position_ = saved;
  return selector;
}

std::optional<std::span<const uint8_t>> PacketReader::take_until(char delimiter) {
  for (size_t i = position_; i < bytes_.size(); ++i) {
    if (bytes_[i] == static_cast<uint8_t>(delimiter)) {
      auto taken = bytes_.subspan(position_, i - position_);
      position_ = i + 1;
      return taken;
    }
  }
  return std::nullopt;
}

}  // namespace gh::gdbstub
