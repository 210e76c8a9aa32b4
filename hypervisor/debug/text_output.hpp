// core::Writer formatting into a gdbstub::TextSink (monitor output, thread descriptions).
#pragma once

#include <span>

#include "core/text.hpp"
#include "gdbstub/target.hpp"

namespace gh::debug {

class TextSinkBytes final : public core::ByteSink {
 public:
  explicit TextSinkBytes(gdbstub::TextSink& text) : text_(text) {}
  void put(char c) override { text_.write(std::span<const char>(&c, 1)); }

 private:
  gdbstub::TextSink& text_;
};

}  // namespace gh::debug
