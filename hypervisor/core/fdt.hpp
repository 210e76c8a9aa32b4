// A read-only flattened device tree (DTB) reader: no heap, no libc.
// Format: the Devicetree Specification v0.4, chapter 5.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace gh::core {

// A property's raw value, big-endian cells.
class FdtProperty {
 public:
  FdtProperty() = default;
  FdtProperty(const uint8_t* data, uint32_t length) : data_(data), length_(length) {}

  uint32_t length() const { return length_; }
  std::span<const uint8_t> bytes() const { return {data_, length_}; }
  // The n-th 32-bit cell.
  std::optional<uint32_t> cell(uint32_t index) const;
  // A number made of `cells` cells (1 or 2) starting at cell `index`.
  std::optional<uint64_t> number(uint32_t index, uint32_t cells) const;
  // The value as a string (without its terminating NUL).
  std::string_view string() const;
  // True when the string list contains `entry` (e.g. a compatible list).
  bool contains_string(std::string_view entry) const;

 private:
  const uint8_t* data_ = nullptr;
  uint32_t length_ = 0;
};

// A node is identified by the offset of its FDT_BEGIN_NODE token in the struct block.
struct FdtNode {
  uint32_t offset = 0;
  int depth = 0;
  std::string_view name;  // "serial@10000000"; the root is ""
};

class DeviceTree {
 public:
  // Validates the header; the blob must stay alive as long as the DeviceTree.
  static std::optional<DeviceTree> parse(const void* blob, size_t max_size);

  uint32_t total_size() const { return total_size_; }

  std::optional<FdtNode> root() const;
  std::optional<FdtNode> find_path(std::string_view path) const;  // "/chosen", "/soc/pci@..."
  // The first node after `after` (or from the start) whose compatible list has `compat`.
  std::optional<FdtNode> find_compatible(std::string_view compat,
                                         std::optional<FdtNode> after = std::nullopt) const;
  std::optional<FdtProperty> property(const FdtNode& node, std::string_view name) const;

  // Children of a node, one at a time: pass the previous child (or nothing).
  std::optional<FdtNode> next_child(const FdtNode& parent,
                                    std::optional<FdtNode> previous = std::nullopt) const;
  // The parent of a node (found by a walk from the root).
  std::optional<FdtNode> parent(const FdtNode& node) const;

  // #address-cells / #size-cells that apply to the children of `node` (defaults 2 and 1).
  uint32_t address_cells(const FdtNode& node) const;
  uint32_t size_cells(const FdtNode& node) const;
  // The n-th (address, size) pair of a node's reg property, using its parent's cells.
  struct Region {
    uint64_t base = 0;
    uint64_t size = 0;
  };
  std::optional<Region> reg(const FdtNode& node, uint32_t index = 0) const;

  // Memory reservation block entries.
  std::optional<Region> reserved(uint32_t index) const;

 private:
  DeviceTree(const uint8_t* blob, uint32_t total_size) : blob_(blob), total_size_(total_size) {}

  uint32_t read_be32(uint32_t offset) const;
  std::string_view string_at(uint32_t offset) const;
  // Walks tokens from `offset`; the visitor returns true to stop. Defined in fdt.cpp.
  template <typename Visitor>
  bool walk(uint32_t offset, Visitor&& visitor) const;

  const uint8_t* blob_ = nullptr;
  uint32_t total_size_ = 0;
  uint32_t struct_offset_ = 0;
  uint32_t struct_size_ = 0;
  uint32_t strings_offset_ = 0;
  uint32_t strings_size_ = 0;
  uint32_t reserve_offset_ = 0;
};

}  // namespace gh::core
