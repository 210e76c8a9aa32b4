// The parts of the ELF64 format that exec() needs: the file header and the program
// headers, which say which bytes of the file to load at which virtual addresses.
#pragma once

#include <cstdint>

namespace pane::elf {

constexpr uint32_t kMagic = 0x464c457f;  // "\x7fELF"
constexpr uint32_t kLoadSegment = 1;
constexpr uint32_t kExecutable = 1, kWritable = 2, kReadable = 4;  // segment flags

struct FileHeader {
  uint32_t magic;
  uint8_t identity[12];
  uint16_t type;
  uint16_t machine;
  uint32_t version;
  uint64_t entry;
  uint64_t program_header_offset;
  uint64_t section_header_offset;
  uint32_t flags;
  uint16_t header_size;
  uint16_t program_header_size;
  uint16_t program_header_count;
  uint16_t section_header_size;
  uint16_t section_header_count;
  uint16_t section_names_index;
};
static_assert(sizeof(FileHeader) == 64);

struct ProgramHeader {
  uint32_t type;
  uint32_t flags;
  uint64_t offset;
  uint64_t virtual_address;
  uint64_t physical_address;
  uint64_t file_size;
  uint64_t memory_size;
  uint64_t alignment;
};
static_assert(sizeof(ProgramHeader) == 56);

}  // namespace pane::elf
