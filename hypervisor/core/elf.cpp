#include "core/elf.hpp"

namespace gh::core {
namespace {

constexpr uint16_t machine_riscv = 243;
constexpr uint16_t type_exec = 2;
constexpr uint32_t segment_load = 1;

template <typename T>
T load_le(const uint8_t* p) {
  T value = 0;
  for (size_t i = 0; i < sizeof(T); ++i) value |= static_cast<T>(p[i]) << (8 * i);
  return value;
}

}  // namespace

const char* elf_error_text(ElfError error) {
  switch (error) {
    case ElfError::none:
      return "ok";
    case ElfError::not_elf:
      return "not an ELF file";
    case ElfError::not_riscv64:
      return "not a little-endian 64-bit RISC-V ELF";
    case ElfError::not_executable:
      return "not an executable ELF (ET_EXEC)";
    case ElfError::truncated:
      return "ELF headers or segments extend past the end of the file";
    case ElfError::too_many_segments:
      return "too many PT_LOAD segments";
  }
  return "unknown ELF error";
}

std::optional<ElfImage> ElfImage::parse(std::span<const uint8_t> file, ElfError& error) {
  const uint8_t* f = file.data();
  if (file.size() < 64 || f[0] != 0x7F || f[1] != 'E' || f[2] != 'L' || f[3] != 'F') {
    error = ElfError::not_elf;
    return std::nullopt;
  }
  if (f[4] != 2 || f[5] != 1 || load_le<uint16_t>(f + 18) != machine_riscv) {
    error = ElfError::not_riscv64;
    return std::nullopt;
  }
  if (load_le<uint16_t>(f + 16) != type_exec) {
    error = ElfError::not_executable;
    return std::nullopt;
  }
  ElfImage image;
  image.entry_ = load_le<uint64_t>(f + 24);
  uint64_t ph_offset = load_le<uint64_t>(f + 32);
  uint16_t ph_size = load_le<uint16_t>(f + 54);
  uint16_t ph_count = load_le<uint16_t>(f + 56);
  if (ph_size < 56 || ph_offset > file.size() ||
      uint64_t{ph_size} * ph_count > file.size() - ph_offset) {
    error = ElfError::truncated;
    return std::nullopt;
  }
  for (uint16_t i = 0; i < ph_count; ++i) {
    const uint8_t* ph = f + ph_offset + uint64_t{i} * ph_size;
    if (load_le<uint32_t>(ph) != segment_load) continue;
    LoadSegment s;
    s.file_offset = load_le<uint64_t>(ph + 8);
    s.physical_address = load_le<uint64_t>(ph + 24);
    s.file_size = load_le<uint64_t>(ph + 32);
    s.memory_size = load_le<uint64_t>(ph + 40);
    if (s.file_offset > file.size() || s.file_size > file.size() - s.file_offset ||
        s.file_size > s.memory_size) {
      error = ElfError::truncated;
      return std::nullopt;
    }
    if (image.count_ == max_segments) {
      error = ElfError::too_many_segments;
      return std::nullopt;
    }
    image.segments_[image.count_++] = s;
  }
  error = ElfError::none;
  return image;
}

}  // namespace gh::core
