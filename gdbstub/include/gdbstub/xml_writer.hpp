// Writes a generated document (target.xml, memory map) through a window: only the bytes
// in [offset, offset + length) reach the reply, so no copy of the whole document is kept.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "gdbstub/reply_builder.hpp"
#include "gdbstub/target.hpp"

namespace gh::gdbstub {

class XmlWriter {
 public:
  XmlWriter(ReplyBuilder& reply, uint64_t offset, uint64_t length)
      : reply_(reply),
        offset_(offset),
        end_(offset + length < offset ? UINT64_MAX : offset + length) {}

  void put(char c);
  void put(const char* text);
  void put_decimal(uint64_t value);
  void put_hex(uint64_t value);  // with 0x prefix
  // True if the document went past the window (the reply is then 'm', else 'l').
  bool more_after_window() const { return position_ > end_; }

 private:
  ReplyBuilder& reply_;
  uint64_t offset_;
  uint64_t end_;
  uint64_t position_ = 0;
};

void write_riscv_target_xml(XmlWriter& out);
void write_memory_map_xml(XmlWriter& out, std::span<const MemoryRegion> regions);

}  // namespace gh::gdbstub
