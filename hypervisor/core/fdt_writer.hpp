// Writes a flattened device tree (DTB, version 17) into a caller's buffer: no heap.
// Nodes are opened and closed in order; property names are shared in the strings block.
// The result is read back by core/fdt.hpp (and by guests).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace gh::core {

class FdtWriter {
 public:
  // The structure block is built at the start of `buffer`, the strings at its end; both
  // are joined by finish(). Writes past the buffer are refused (ok() turns false).
  explicit FdtWriter(std::span<uint8_t> buffer);

  void begin_node(std::string_view name);  // "" for the root
  void end_node();
  void property(std::string_view name, std::span<const uint8_t> value);
  void property_empty(std::string_view name) { property(name, {}); }
  void property_u32(std::string_view name, uint32_t value);
  void property_u64(std::string_view name, uint64_t value);  // two cells
  // A list of cells.
  void property_cells(std::string_view name, std::span<const uint32_t> cells);
  void property_string(std::string_view name, std::string_view value);
  // A string list: the strings separated by '\0' in `value_list` ("a\0b").
  void property_strings(std::string_view name, std::string_view value_list);

  // Lays out the final blob at the start of the buffer; its size, or 0 on overflow or
  // unbalanced nodes.
  size_t finish(uint32_t boot_cpuid = 0);
  bool ok() const { return ok_; }

 private:
  void put_u32(uint32_t value);
  void put_bytes(std::span<const uint8_t> bytes);
  void pad4();
  uint32_t string_offset(std::string_view name);

  std::span<uint8_t> buffer_;
  size_t struct_size_ = 0;   // bytes of structure block written after the header area
  size_t strings_size_ = 0;  // bytes of strings, stored backwards from the buffer's end
  int depth_ = 0;
  bool ok_ = true;
};

}  // namespace gh::core
