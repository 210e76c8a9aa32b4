#include "core/fdt_writer.hpp"

namespace gh::core {
namespace {

constexpr uint32_t fdt_magic = 0xD00DFEED;
constexpr uint32_t token_begin_node = 1;
constexpr uint32_t token_end_node = 2;
constexpr uint32_t token_prop = 3;
constexpr uint32_t token_end = 9;
constexpr size_t header_size = 40;
constexpr size_t reserve_map_size = 16;  // one terminating (0, 0) entry
constexpr size_t struct_start = header_size + reserve_map_size;

void store_be32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

}  // namespace

FdtWriter::FdtWriter(std::span<uint8_t> buffer) : buffer_(buffer) {
  ok_ = buffer.size() >= struct_start + 64;
}

void FdtWriter::put_bytes(std::span<const uint8_t> bytes) {
  size_t at = struct_start + struct_size_;
  if (!ok_ || at + bytes.size() + strings_size_ > buffer_.size()) {
    ok_ = false;
    return;
  }
  for (size_t i = 0; i < bytes.size(); ++i) buffer_[at + i] = bytes[i];
  struct_size_ += bytes.size();
}

void FdtWriter::put_u32(uint32_t value) {
  uint8_t b[4];
  store_be32(b, value);
  put_bytes(b);
}

void FdtWriter::pad4() {
  static constexpr uint8_t zeros[4] = {};
  put_bytes({zeros, (4 - struct_size_ % 4) % 4});
}

// Strings live backwards at the buffer's end while building: [.. name2\0 name1\0] with
// offsets counted from the first string written (the last bytes of the buffer).
uint32_t FdtWriter::string_offset(std::string_view name) {
  size_t end = buffer_.size();
  for (size_t offset = 0; offset < strings_size_;) {
    const uint8_t* s = buffer_.data() + end - strings_size_ + offset;
    size_t length = 0;
    while (s[length] != 0) ++length;
    if (std::string_view(reinterpret_cast<const char*>(s), length) == name) {
      return static_cast<uint32_t>(offset);
    }
    offset += length + 1;
  }
  // A new name: the block moves down to make room for it at its end, so the offsets of
  // the names already written stay the same (the block is a few hundred bytes).
  size_t need = name.size() + 1;
  if (!ok_ || struct_start + struct_size_ + strings_size_ + need > buffer_.size()) {
    ok_ = false;
    return 0;
  }
  uint8_t* old_start = buffer_.data() + end - strings_size_;
  uint8_t* new_start = old_start - need;
  for (size_t i = 0; i < strings_size_; ++i) new_start[i] = old_start[i];
  for (size_t i = 0; i < name.size(); ++i)
    new_start[strings_size_ + i] = static_cast<uint8_t>(name[i]);
  new_start[strings_size_ + name.size()] = 0;
  auto offset = static_cast<uint32_t>(strings_size_);
  strings_size_ += need;
  return offset;
}

void FdtWriter::begin_node(std::string_view name) {
  put_u32(token_begin_node);
  put_bytes({reinterpret_cast<const uint8_t*>(name.data()), name.size()});
  static constexpr uint8_t nul = 0;
  put_bytes({&nul, 1});
  pad4();
  ++depth_;
}

void FdtWriter::end_node() {
  put_u32(token_end_node);
  if (--depth_ < 0) ok_ = false;
}

void FdtWriter::property(std::string_view name, std::span<const uint8_t> value) {
  uint32_t name_offset = string_offset(name);
  put_u32(token_prop);
  put_u32(static_cast<uint32_t>(value.size()));
  put_u32(name_offset);
  put_bytes(value);
  pad4();
}

void FdtWriter::property_u32(std::string_view name, uint32_t value) {
  const uint32_t cells[1] = {value};
  property_cells(name, cells);
}

void FdtWriter::property_u64(std::string_view name, uint64_t value) {
  const uint32_t cells[2] = {static_cast<uint32_t>(value >> 32), static_cast<uint32_t>(value)};
  property_cells(name, cells);
}

void FdtWriter::property_cells(std::string_view name, std::span<const uint32_t> cells) {
  uint8_t bytes[64];
  if (cells.size() * 4 > sizeof bytes) {
    ok_ = false;
    return;
  }
  for (size_t i = 0; i < cells.size(); ++i) store_be32(bytes + 4 * i, cells[i]);
  property(name, {bytes, cells.size() * 4});
}

void FdtWriter::property_string(std::string_view name, std::string_view value) {
  uint8_t bytes[256];
  if (value.size() + 1 > sizeof bytes) {
    ok_ = false;
    return;
  }
  for (size_t i = 0; i < value.size(); ++i) bytes[i] = static_cast<uint8_t>(value[i]);
  bytes[value.size()] = 0;
  property(name, {bytes, value.size() + 1});
}

void FdtWriter::property_strings(std::string_view name, std::string_view value_list) {
  property_string(name, value_list);  // the embedded '\0's separate the strings
}

size_t FdtWriter::finish(uint32_t boot_cpuid) {
  put_u32(token_end);
  if (!ok_ || depth_ != 0) return 0;
  uint8_t* base = buffer_.data();
  // Move the strings right after the structure block.
  size_t strings_at = struct_start + struct_size_;
  const uint8_t* strings = buffer_.data() + buffer_.size() - strings_size_;
  for (size_t i = 0; i < strings_size_; ++i) base[strings_at + i] = strings[i];
  size_t total = strings_at + strings_size_;
  store_be32(base + 0, fdt_magic);
  store_be32(base + 4, static_cast<uint32_t>(total));
  store_be32(base + 8, static_cast<uint32_t>(struct_start));
  store_be32(base + 12, static_cast<uint32_t>(strings_at));
  store_be32(base + 16, static_cast<uint32_t>(header_size));
  store_be32(base + 20, 17);  // version
  store_be32(base + 24, 16);  // last compatible version
  store_be32(base + 28, boot_cpuid);
  store_be32(base + 32, static_cast<uint32_t>(strings_size_));
  store_be32(base + 36, static_cast<uint32_t>(struct_size_));
  for (size_t i = header_size; i < struct_start; ++i) base[i] = 0;  // empty reserve map
  return total;
}

}  // namespace gh::core
