// ELF64 (RISC-V, little-endian) executable images: validation and PT_LOAD segments.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace gh::core {

struct LoadSegment {
  uint64_t physical_address = 0;  // p_paddr: where the bytes go in guest-physical memory
  uint64_t file_offset = 0;
  uint64_t file_size = 0;
  uint64_t memory_size = 0;  // bytes past file_size are zero
};

enum class ElfError : uint8_t {
  none,
  not_elf,         // no ELF magic: treat as a raw image
  not_riscv64,     // wrong class, endianness or machine
  not_executable,  // not ET_EXEC
  truncated,       // headers or segments point past the end of the file
  too_many_segments,
};

const char* elf_error_text(ElfError error);

class ElfImage {
 public:
  static constexpr uint32_t max_segments = 16;

  // Parses headers; on failure returns the reason in `error`.
  static std::optional<ElfImage> parse(std::span<const uint8_t> file, ElfError& error);

  uint64_t entry() const { return entry_; }
  std::span<const LoadSegment> segments() const { return {segments_.data(), count_}; }

 private:
  uint64_t entry_ = 0;
  std::array<LoadSegment, max_segments> segments_{};
  uint32_t count_ = 0;
};

}  // namespace gh::core
