#include "core/fdt.hpp"

namespace gh::core {
namespace {

constexpr uint32_t fdt_magic = 0xD00DFEED;
constexpr uint32_t token_begin_node = 1;
constexpr uint32_t token_end_node = 2;
constexpr uint32_t token_prop = 3;
constexpr uint32_t token_nop = 4;
constexpr uint32_t token_end = 9;
constexpr uint32_t header_size = 40;

uint32_t load_be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

constexpr uint32_t align4(uint32_t value) { return (value + 3) & ~3u; }

size_t bounded_strlen(const uint8_t* s, size_t max) {
  size_t n = 0;
  while (n < max && s[n] != 0) ++n;
  return n;
}

}  // namespace

std::optional<uint32_t> FdtProperty::cell(uint32_t index) const {
  if ((uint64_t{index} + 1) * 4 > length_) return std::nullopt;
  return load_be32(data_ + index * 4);
}

std::optional<uint64_t> FdtProperty::number(uint32_t index, uint32_t cells) const {
  uint64_t value = 0;
  for (uint32_t i = 0; i < cells; ++i) {
    auto c = cell(index + i);
    if (!c) return std::nullopt;
    value = (value << 32) | *c;
  }
  return value;
}

std::string_view FdtProperty::string() const {
  if (length_ == 0) return {};
  return {reinterpret_cast<const char*>(data_), bounded_strlen(data_, length_)};
}

bool FdtProperty::contains_string(std::string_view entry) const {
  uint32_t pos = 0;
  while (pos < length_) {
    size_t n = bounded_strlen(data_ + pos, length_ - pos);
    if (std::string_view(reinterpret_cast<const char*>(data_ + pos), n) == entry) return true;
    pos += static_cast<uint32_t>(n) + 1;
  }
  return false;
}

// One token of the structure block, decoded.
struct FdtToken {
  uint32_t kind = token_end;
  uint32_t offset = 0;    // offset of the token itself
  uint32_t next = 0;      // offset of the following token
  std::string_view name;  // node name or property name
  FdtProperty value;      // property value
};

template <typename Visitor>
bool DeviceTree::walk(uint32_t offset, Visitor&& visitor) const {
  const uint32_t end = struct_offset_ + struct_size_;
  while (offset + 4 <= end) {
    FdtToken token;
    token.offset = offset;
    token.kind = read_be32(offset);
    uint32_t cursor = offset + 4;
    if (token.kind == token_begin_node) {
      size_t n = bounded_strlen(blob_ + cursor, end - cursor);
      if (cursor + n >= end) return false;
      token.name = {reinterpret_cast<const char*>(blob_ + cursor), n};
      cursor = align4(cursor + static_cast<uint32_t>(n) + 1);
    } else if (token.kind == token_prop) {
      if (cursor + 8 > end) return false;
      uint32_t length = read_be32(cursor);
      uint32_t name_offset = read_be32(cursor + 4);
      cursor += 8;
      if (length > end - cursor) return false;
      token.name = string_at(name_offset);
      token.value = FdtProperty(blob_ + cursor, length);
      cursor = align4(cursor + length);
    } else if (token.kind == token_end) {
      return false;
    } else if (token.kind != token_end_node && token.kind != token_nop) {
      return false;  // corrupt
    }
    token.next = cursor;
    if (visitor(token)) return true;
    offset = cursor;
  }
  return false;
}

std::optional<DeviceTree> DeviceTree::parse(const void* blob, size_t max_size) {
  if (blob == nullptr || max_size < header_size) return std::nullopt;
  const auto* bytes = static_cast<const uint8_t*>(blob);
  if (load_be32(bytes) != fdt_magic) return std::nullopt;
  uint32_t total = load_be32(bytes + 4);
  if (total < header_size || total > max_size) return std::nullopt;
  DeviceTree tree(bytes, total);
  tree.struct_offset_ = load_be32(bytes + 8);
  tree.strings_offset_ = load_be32(bytes + 12);
  tree.reserve_offset_ = load_be32(bytes + 16);
  uint32_t version = load_be32(bytes + 20);
  tree.strings_size_ = load_be32(bytes + 32);
  tree.struct_size_ = load_be32(bytes + 36);
  if (version < 17) return std::nullopt;
  auto fits = [total](uint32_t off, uint32_t size) { return off <= total && size <= total - off; };
  if (!fits(tree.struct_offset_, tree.struct_size_) ||
      !fits(tree.strings_offset_, tree.strings_size_) || !fits(tree.reserve_offset_, 16)) {
    return std::nullopt;
  }
  if (!tree.root()) return std::nullopt;
  return tree;
}

uint32_t DeviceTree::read_be32(uint32_t offset) const { return load_be32(blob_ + offset); }

std::string_view DeviceTree::string_at(uint32_t offset) const {
  if (offset >= strings_size_) return {};
  const uint8_t* s = blob_ + strings_offset_ + offset;
  return {reinterpret_cast<const char*>(s), bounded_strlen(s, strings_size_ - offset)};
}

std::optional<FdtNode> DeviceTree::root() const {
  std::optional<FdtNode> found;
  walk(struct_offset_, [&](const FdtToken& t) {
    if (t.kind == token_begin_node) found = FdtNode{t.offset, 0, t.name};
    return t.kind == token_begin_node || t.kind == token_prop;
  });
  return found;
}

std::optional<FdtNode> DeviceTree::next_child(const FdtNode& parent,
                                              std::optional<FdtNode> previous) const {
  int depth = 0;  // relative to parent
  bool past_previous = !previous;
  std::optional<FdtNode> found;
  walk(parent.offset, [&](const FdtToken& t) {
    if (t.kind == token_begin_node) {
      ++depth;
      if (depth == 2) {
        if (past_previous) {
          found = FdtNode{t.offset, parent.depth + 1, t.name};
          return true;
        }
        if (t.offset == previous->offset) past_previous = true;
      }
    } else if (t.kind == token_end_node) {
      --depth;
      if (depth == 0) return true;
    }
    return false;
  });
  return found;
}

std::optional<FdtNode> DeviceTree::find_path(std::string_view path) const {
  auto node = root();
  while (node && !path.empty()) {
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    if (path.empty()) break;
    size_t slash = path.find('/');
    std::string_view component = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
    std::optional<FdtNode> child;
    for (child = next_child(*node); child; child = next_child(*node, child)) {
      bool exact = child->name == component;
      bool no_unit = component.find('@') == std::string_view::npos &&
                     child->name.substr(0, child->name.find('@')) == component;
      if (exact || no_unit) break;
    }
    node = child;
  }
  return node;
}

std::optional<FdtProperty> DeviceTree::property(const FdtNode& node, std::string_view name) const {
  std::optional<FdtProperty> found;
  bool entered = false;
  walk(node.offset, [&](const FdtToken& t) {
    if (t.kind == token_begin_node) {
      if (entered) return true;  // reached a child: properties come first
      entered = true;
    } else if (t.kind == token_end_node) {
      return true;
    } else if (t.kind == token_prop && t.name == name) {
      found = t.value;
      return true;
    }
    return false;
  });
  return found;
}

std::optional<FdtNode> DeviceTree::find_compatible(std::string_view compat,
                                                   std::optional<FdtNode> after) const {
  std::optional<FdtNode> found;
  int depth = -1;
  FdtNode current;
  bool searching = !after;
  walk(struct_offset_, [&](const FdtToken& t) {
    if (t.kind == token_begin_node) {
      ++depth;
      current = FdtNode{t.offset, depth, t.name};
      if (after && t.offset == after->offset) searching = true;
      return false;
    }
    if (t.kind == token_end_node) {
      --depth;
      return false;
    }
    if (searching && t.kind == token_prop && t.name == "compatible" &&
        t.value.contains_string(compat) && !(after && current.offset == after->offset)) {
      found = current;
      return true;
    }
    return false;
  });
  return found;
}

std::optional<FdtNode> DeviceTree::parent(const FdtNode& node) const {
  FdtNode stack[32];
  int depth = -1;
  std::optional<FdtNode> found;
  walk(struct_offset_, [&](const FdtToken& t) {
    if (t.kind == token_begin_node) {
      ++depth;
      if (depth >= 32) return true;
      stack[depth] = FdtNode{t.offset, depth, t.name};
      if (t.offset == node.offset) {
        if (depth > 0) found = stack[depth - 1];
        return true;
      }
    } else if (t.kind == token_end_node) {
      --depth;
    }
    return false;
  });
  return found;
}

uint32_t DeviceTree::address_cells(const FdtNode& node) const {
  auto p = property(node, "#address-cells");
  return p && p->cell(0) ? *p->cell(0) : 2;
}

uint32_t DeviceTree::size_cells(const FdtNode& node) const {
  auto p = property(node, "#size-cells");
  return p && p->cell(0) ? *p->cell(0) : 1;
}

std::optional<DeviceTree::Region> DeviceTree::reg(const FdtNode& node, uint32_t index) const {
  auto up = parent(node);
  if (!up) return std::nullopt;
  uint32_t ac = address_cells(*up);
  uint32_t sc = size_cells(*up);
  if (ac > 2 || sc > 2) return std::nullopt;
  auto p = property(node, "reg");
  if (!p) return std::nullopt;
  auto base = p->number(index * (ac + sc), ac);
  auto size = p->number(index * (ac + sc) + ac, sc);
  if (!base || !size) return std::nullopt;
  return Region{*base, *size};
}

std::optional<DeviceTree::Region> DeviceTree::reserved(uint32_t index) const {
  uint64_t offset = reserve_offset_ + uint64_t{index} * 16;
  if (offset + 16 > total_size_) return std::nullopt;
  auto at = static_cast<uint32_t>(offset);
  uint64_t base = (uint64_t{read_be32(at)} << 32) | read_be32(at + 4);
  uint64_t size = (uint64_t{read_be32(at + 8)} << 32) | read_be32(at + 12);
  if (base == 0 && size == 0) return std::nullopt;
  return Region{base, size};
}

}  // namespace gh::core
