// pane-mkfs's image builder, checked by reading its images back with a small reader
// written here from the format description alone (include/pane/fs_format.hpp).
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "image_builder.hpp"

using namespace panefs;

namespace {

// Reads a PaneFS image: the superblock, inodes, the root directory and file contents.
class ImageReader {
 public:
  explicit ImageReader(const std::vector<uint8_t>& image) : image_(image) {
    std::memcpy(&super_, block(kSuperblockNumber), sizeof super_);
  }

  const Superblock& super() const { return super_; }

  DiskInode inode(uint32_t inum) const {
    DiskInode result;
    std::memcpy(&result,
                block(super_.inode_start + inum / kInodesPerBlock) +
                    (inum % kInodesPerBlock) * sizeof result,
                sizeof result);
    return result;
  }

  // Every block number holding the contents of the file (data and indirect blocks).
  std::vector<uint32_t> blocks_of(const DiskInode& file) const {
    std::vector<uint32_t> blocks;
    uint32_t count = (file.size + kBlockSize - 1) / kBlockSize;
    for (uint32_t i = 0; i < count && i < kDirectBlocks; i++) blocks.push_back(file.direct[i]);
    if (count > kDirectBlocks) {
      blocks.push_back(file.indirect);
      const auto* pointers = reinterpret_cast<const uint32_t*>(block(file.indirect));
      for (uint32_t i = kDirectBlocks; i < count; i++)
        blocks.push_back(pointers[i - kDirectBlocks]);
    }
    return blocks;
  }

  std::vector<uint8_t> contents(const DiskInode& file) const {
    std::vector<uint8_t> bytes;
    auto blocks = blocks_of(file);
    size_t data_block = 0;
    for (uint32_t number : blocks) {
      if (file.indirect != 0 && number == file.indirect) continue;
      size_t chunk = std::min<size_t>(kBlockSize, file.size - data_block * kBlockSize);
      bytes.insert(bytes.end(), block(number), block(number) + chunk);
      data_block++;
    }
    return bytes;
  }

  std::map<std::string, uint32_t> directory() const {
    std::map<std::string, uint32_t> names;
    auto bytes = contents(inode(kRootInode));
    for (size_t at = 0; at + sizeof(DirectoryEntry) <= bytes.size(); at += sizeof(DirectoryEntry)) {
      DirectoryEntry entry;
      std::memcpy(&entry, bytes.data() + at, sizeof entry);
      if (entry.inode != 0)
        names[std::string(entry.name, strnlen(entry.name, kNameLength))] = entry.inode;
    }
    return names;
  }

  bool in_use(uint32_t number) const {
    return block(super_.bitmap_start + number / kBitsPerBlock)[(number % kBitsPerBlock) / 8] &
           (1 << (number % 8));
  }

 private:
  const uint8_t* block(uint32_t number) const {
    return image_.data() + size_t{number} * kBlockSize;
  }

  const std::vector<uint8_t>& image_;
  Superblock super_;
};

std::vector<uint8_t> pattern(size_t size, uint8_t seed) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; i++) bytes[i] = static_cast<uint8_t>(seed + i * 7);
  return bytes;
}

}  // namespace

TEST(PaneMkfs, LayoutFollowsTheSuperblock) {
  ImageBuilder builder(4096, 256);
  ImageReader reader(builder.image());
  EXPECT_EQ(builder.image().size(), 4096u * kBlockSize);
  EXPECT_EQ(reader.super().magic, kMagic);
  EXPECT_EQ(reader.super().inode_start, 2u);
  EXPECT_EQ(reader.super().bitmap_start, 2u + 256 / kInodesPerBlock);
  EXPECT_EQ(reader.super().data_start, reader.super().bitmap_start + 1);
  EXPECT_EQ(reader.inode(kRootInode).type, kDirectoryInode);
  EXPECT_TRUE(reader.directory().empty());
}

TEST(PaneMkfs, FilesReadBackUnderTheirNames) {
  ImageBuilder builder(4096, 64);
  std::string error;
  auto small = pattern(100, 1);
  auto large = pattern(40 * 1024 + 3, 2);  // beyond the 12 direct blocks: uses the indirect one
  ASSERT_TRUE(builder.add_file("small", small, &error)) << error;
  ASSERT_TRUE(builder.add_file("large", large, &error)) << error;
  ASSERT_TRUE(builder.add_file("empty", {}, &error)) << error;
  ImageReader reader(builder.image());
  auto names = reader.directory();
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(reader.contents(reader.inode(names["small"])), small);
  EXPECT_EQ(reader.contents(reader.inode(names["large"])), large);
  EXPECT_NE(reader.inode(names["large"]).indirect, 0u);
  EXPECT_EQ(reader.inode(names["empty"]).size, 0u);
  EXPECT_EQ(reader.inode(names["small"]).type, kFileInode);
}

TEST(PaneMkfs, BitmapMarksExactlyTheBlocksInUse) {
  ImageBuilder builder(2048, 32);
  std::string error;
  ASSERT_TRUE(builder.add_file("a", pattern(5000, 3), &error)) << error;
  ASSERT_TRUE(builder.add_file("b", pattern(20000, 4), &error)) << error;
  ImageReader reader(builder.image());
  std::set<uint32_t> used;
  for (uint32_t b = 0; b < reader.super().data_start; b++) used.insert(b);
  for (uint32_t b : reader.blocks_of(reader.inode(kRootInode))) used.insert(b);
  for (auto& [name, inum] : reader.directory()) {
    for (uint32_t b : reader.blocks_of(reader.inode(inum))) used.insert(b);
  }
  for (uint32_t b = 0; b < reader.super().block_count; b++) {
    EXPECT_EQ(reader.in_use(b), used.count(b) == 1) << "block " << b;
  }
}

TEST(PaneMkfs, RefusesBadNamesDuplicatesAndOversizedFiles) {
  ImageBuilder builder(4096, 16);
  std::string error;
  EXPECT_FALSE(builder.add_file("", {}, &error));
  EXPECT_FALSE(builder.add_file("a/b", {}, &error));
  EXPECT_FALSE(builder.add_file(std::string(kNameLength, 'x'), {}, &error));
  EXPECT_TRUE(builder.add_file(std::string(kNameLength - 1, 'x'), {}, &error)) << error;
  EXPECT_TRUE(builder.add_file("twice", {}, &error)) << error;
  EXPECT_FALSE(builder.add_file("twice", {}, &error));
  EXPECT_NE(error.find("duplicate"), std::string::npos);
  EXPECT_FALSE(builder.add_file("huge", pattern(kMaxFileSize + 1, 0), &error));
}

TEST(PaneMkfs, ReportsAFullDiskAndRunningOutOfInodes) {
  std::string error;
  ImageBuilder tiny(64, 16);
  EXPECT_FALSE(tiny.add_file("big", pattern(100 * 1024, 0), &error));
  EXPECT_NE(error.find("disk full"), std::string::npos) << error;
  ImageBuilder few(4096, 3);  // inode 0 unused, 1 the root: room for one file
  EXPECT_TRUE(few.add_file("one", {}, &error)) << error;
  EXPECT_FALSE(few.add_file("two", {}, &error));
  EXPECT_NE(error.find("inode"), std::string::npos) << error;
}
