#include "image_builder.hpp"

#include <cstring>
#include <stdexcept>

namespace panefs {

ImageBuilder::ImageBuilder(uint32_t block_count, uint32_t inode_count)
    : super_(layout_for(block_count, inode_count)),
      image_(size_t{block_count} * kBlockSize, 0),
      next_block_(super_.data_start) {
  if (image_.size() < size_t{kBlockSize} * (super_.data_start + 1)) {
    throw std::invalid_argument("a PaneFS image needs room for its metadata and data");
  }
  std::memcpy(block(kSuperblockNumber), &super_, sizeof super_);
  // The blocks before the data area (boot, superblock, inodes, bitmap) are in use.
  for (uint32_t b = 0; b < super_.data_start; b++) {
    block(super_.bitmap_start + b / kBitsPerBlock)[(b % kBitsPerBlock) / 8] |= 1 << (b % 8);
  }
  allocate_inode(kDirectoryInode);  // inode 1: the root directory, empty
}

uint32_t ImageBuilder::allocate_block() {
  if (next_block_ >= super_.block_count) return 0;
  uint32_t b = next_block_++;
  block(super_.bitmap_start + b / kBitsPerBlock)[(b % kBitsPerBlock) / 8] |= 1 << (b % 8);
  return b;
}

uint32_t ImageBuilder::allocate_inode(uint16_t type) {
  if (next_inode_ >= super_.inode_count) return 0;
  DiskInode inode{};
  inode.type = type;
  write_inode(next_inode_, inode);
  return next_inode_++;
}

DiskInode ImageBuilder::read_inode(uint32_t inum) {
  DiskInode inode;
  std::memcpy(
      &inode,
      block(super_.inode_start + inum / kInodesPerBlock) + (inum % kInodesPerBlock) * sizeof inode,
      sizeof inode);
  return inode;
}

void ImageBuilder::write_inode(uint32_t inum, const DiskInode& inode) {
  std::memcpy(
      block(super_.inode_start + inum / kInodesPerBlock) + (inum % kInodesPerBlock) * sizeof inode,
      &inode, sizeof inode);
}

// Appends bytes to a file, block by block, allocating blocks as it goes.
bool ImageBuilder::append(uint32_t inum, const uint8_t* bytes, size_t n) {
  DiskInode inode = read_inode(inum);
  if (inode.size + n > kMaxFileSize) return false;
  while (n > 0) {
    uint32_t index = inode.size / kBlockSize;
    uint32_t* slot = nullptr;
    if (index < kDirectBlocks) {
      slot = &inode.direct[index];
    } else {
      if (inode.indirect == 0 && (inode.indirect = allocate_block()) == 0) return false;
      slot = reinterpret_cast<uint32_t*>(block(inode.indirect)) + (index - kDirectBlocks);
    }
    if (*slot == 0 && (*slot = allocate_block()) == 0) return false;
    uint32_t at = inode.size % kBlockSize;
    size_t chunk = std::min<size_t>(n, kBlockSize - at);
    std::memcpy(block(*slot) + at, bytes, chunk);
    inode.size += chunk;
    bytes += chunk;
    n -= chunk;
  }
  write_inode(inum, inode);
  return true;
}

bool ImageBuilder::has_entry(const std::string& name) {
  DiskInode root = read_inode(kRootInode);
  for (uint32_t at = 0; at < root.size; at += sizeof(DirectoryEntry)) {
    uint32_t number =
        at / kBlockSize < kDirectBlocks
            ? root.direct[at / kBlockSize]
            : reinterpret_cast<uint32_t*>(block(root.indirect))[at / kBlockSize - kDirectBlocks];
    DirectoryEntry entry;
    std::memcpy(&entry, block(number) + at % kBlockSize, sizeof entry);
    if (entry.inode != 0 && std::strncmp(entry.name, name.c_str(), kNameLength) == 0) return true;
  }
  return false;
}

bool ImageBuilder::add_file(const std::string& name, const std::vector<uint8_t>& contents,
                            std::string* error) {
  if (name.empty() || name.size() >= kNameLength || name.find('/') != std::string::npos) {
    *error = "bad file name '" + name + "' (1 to 29 characters, no '/')";
    return false;
  }
  if (has_entry(name)) {
    *error = "duplicate file name '" + name + "'";
    return false;
  }
  if (contents.size() > kMaxFileSize) {
    *error = name + " is larger than the " + std::to_string(kMaxFileSize) + "-byte maximum";
    return false;
  }
  uint32_t inum = allocate_inode(kFileInode);
  if (inum == 0 || inum > 0xffff) {
    *error = "no free inode for " + name;
    return false;
  }
  if (!append(inum, contents.data(), contents.size())) {
    *error = "disk full while adding " + name;
    return false;
  }
  DirectoryEntry entry{};
  entry.inode = static_cast<uint16_t>(inum);
  std::strncpy(entry.name, name.c_str(), kNameLength - 1);
  if (!append(kRootInode, reinterpret_cast<const uint8_t*>(&entry), sizeof entry)) {
    *error = "disk full while adding the directory entry for " + name;
    return false;
  }
  return true;
}

}  // namespace panefs
