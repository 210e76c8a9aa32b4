// Text output for freestanding code: a Writer formats into an injected byte sink.
#pragma once

#include <cstdint>
#include <string_view>

namespace gh::core {

class ByteSink {
 public:
  virtual void put(char c) = 0;

 protected:
  ~ByteSink() = default;
};

class Writer {
 public:
  explicit Writer(ByteSink& sink) : sink_(sink) {}

  Writer& str(std::string_view s);
  Writer& chr(char c);
  Writer& dec(uint64_t value);
  Writer& sdec(int64_t value);
  // 0x-prefixed, without leading zeros.
  Writer& hex(uint64_t value);
  // 0x-prefixed, zero-padded to `digits`.
  Writer& hex_fixed(uint64_t value, unsigned digits);
  Writer& nl() { return chr('\n'); }

 private:
  ByteSink& sink_;
};

// A sink into a fixed buffer (always NUL-terminated); used by tests and for building lines.
class BufferSink final : public ByteSink {
 public:
  BufferSink(char* buffer, uint32_t capacity) : buffer_(buffer), capacity_(capacity) {
    if (capacity_ > 0) buffer_[0] = 0;
  }
  void put(char c) override;
  std::string_view view() const { return {buffer_, length_}; }
  bool overflowed() const { return overflowed_; }

 private:
  char* buffer_;
  uint32_t capacity_;
  uint32_t length_ = 0;
  bool overflowed_ = false;
};

}  // namespace gh::core
