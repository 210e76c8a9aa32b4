// Builds a PaneFS disk image in memory (the format: include/pane/fs_format.hpp).
// Host code, C++17. Used by pane-mkfs and by its unit tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../include/pane/fs_format.hpp"

namespace panefs {

class ImageBuilder {
 public:
  // Throws std::invalid_argument when block_count is too small for the layout.
  ImageBuilder(uint32_t block_count, uint32_t inode_count);

  // Adds a file to the root directory. On failure returns false and says why.
  bool add_file(const std::string& name, const std::vector<uint8_t>& contents, std::string* error);

  const std::vector<uint8_t>& image() const { return image_; }
  const Superblock& superblock() const { return super_; }

 private:
  uint8_t* block(uint32_t number) { return image_.data() + size_t{number} * kBlockSize; }
  uint32_t allocate_block();  // 0 when the disk is full
  uint32_t allocate_inode(uint16_t type);
  DiskInode read_inode(uint32_t inum);
  void write_inode(uint32_t inum, const DiskInode& inode);
  bool append(uint32_t inum, const uint8_t* bytes, size_t n);
  bool has_entry(const std::string& name);

  Superblock super_;
  std::vector<uint8_t> image_;
  uint32_t next_block_;
  uint32_t next_inode_ = kRootInode;
};

}  // namespace panefs
