#include "core/elf.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

using namespace gh::core;

namespace {

// A minimal RV64 ELF: header, one program header, 16 bytes of payload.
std::vector<uint8_t> make_elf(uint16_t machine = 243, uint16_t type = 2) {
  std::vector<uint8_t> f(64 + 56 + 16, 0);
  auto put16 = [&](size_t at, uint16_t v) { std::memcpy(&f[at], &v, 2); };
  auto put32 = [&](size_t at, uint32_t v) { std::memcpy(&f[at], &v, 4); };
  auto put64 = [&](size_t at, uint64_t v) { std::memcpy(&f[at], &v, 8); };
  f[0] = 0x7F, f[1] = 'E', f[2] = 'L', f[3] = 'F', f[4] = 2, f[5] = 1, f[6] = 1;
  put16(16, type);
  put16(18, machine);
  put64(24, 0x80200010);  // entry
  put64(32, 64);          // phoff
  put16(54, 56);          // phentsize
  put16(56, 1);           // phnum
  put32(64, 1);           // PT_LOAD
  put64(64 + 8, 120);     // offset
  put64(64 + 24, 0x80200000);
  put64(64 + 32, 16);    // filesz
  put64(64 + 40, 4096);  // memsz
  return f;
}

}  // namespace

TEST(ElfImage, ReadsEntryAndLoadSegments) {
  auto file = make_elf();
  ElfError error;
  auto elf = ElfImage::parse(file, error);
  ASSERT_TRUE(elf.has_value()) << elf_error_text(error);
  EXPECT_EQ(elf->entry(), 0x80200010u);
  ASSERT_EQ(elf->segments().size(), 1u);
  EXPECT_EQ(elf->segments()[0].physical_address, 0x80200000u);
  EXPECT_EQ(elf->segments()[0].file_size, 16u);
  EXPECT_EQ(elf->segments()[0].memory_size, 4096u);
}

TEST(ElfImage, TellsRawImagesFromBrokenElves) {
  std::vector<uint8_t> raw(200, 0x13);
  ElfError error;
  EXPECT_FALSE(ElfImage::parse(raw, error).has_value());
  EXPECT_EQ(error, ElfError::not_elf);

  auto x86 = make_elf(62);
  EXPECT_FALSE(ElfImage::parse(x86, error).has_value());
  EXPECT_EQ(error, ElfError::not_riscv64);

  auto shared = make_elf(243, 3);
  EXPECT_FALSE(ElfImage::parse(shared, error).has_value());
  EXPECT_EQ(error, ElfError::not_executable);
}

TEST(ElfImage, RejectsSegmentsPastTheEndOfTheFile) {
  auto file = make_elf();
  file.resize(file.size() - 8);
  ElfError error;
  EXPECT_FALSE(ElfImage::parse(file, error).has_value());
  EXPECT_EQ(error, ElfError::truncated);

  auto huge = make_elf();
  uint64_t too_far = ~0ull - 8;
  std::memcpy(&huge[64 + 8], &too_far, 8);
  EXPECT_FALSE(ElfImage::parse(huge, error).has_value());
  EXPECT_EQ(error, ElfError::truncated);
}
