// PaneFS: the on-disk format of Pane's file system, shared by the kernel and the host
// tool that builds disk images (pane-mkfs). Plain C++17, no library beyond <cstdint>.
//
// The disk is an array of 1 KiB blocks:
//
//   block 0          unused (a boot block, by tradition)
//   block 1          the superblock: where everything else starts
//   inode blocks     the inode table, 16 inodes per block; inode 0 is never used
//   bitmap blocks    one bit per disk block, 1 = in use
//   data blocks      file contents, directory entries and indirect blocks
//
// There is a single directory, the root (inode 1): a file whose contents are an array
// of 32-byte entries. A file's blocks are found through 12 direct pointers and one
// indirect block of 256 more pointers, so a file holds at most 268 KiB.
#pragma once

#include <cstdint>

namespace panefs {

constexpr uint32_t kBlockSize = 1024;
constexpr uint32_t kMagic = 0x454e4150;  // the bytes "PANE" on a little-endian disk
constexpr uint32_t kSuperblockNumber = 1;
constexpr uint32_t kDirectBlocks = 12;
constexpr uint32_t kPointersPerBlock = kBlockSize / sizeof(uint32_t);
constexpr uint32_t kMaxFileBlocks = kDirectBlocks + kPointersPerBlock;
constexpr uint32_t kMaxFileSize = kMaxFileBlocks * kBlockSize;
constexpr uint32_t kNameLength = 30;  // including the terminating NUL
constexpr uint32_t kRootInode = 1;
constexpr uint32_t kBitsPerBlock = kBlockSize * 8;

enum InodeType : uint16_t { kFreeInode = 0, kDirectoryInode = 1, kFileInode = 2 };

struct Superblock {
  uint32_t magic;
  uint32_t block_count;   // size of the whole disk, in blocks
  uint32_t inode_count;   // entries in the inode table (including unused inode 0)
  uint32_t inode_start;   // first block of the inode table
  uint32_t bitmap_start;  // first block of the free-block bitmap
  uint32_t data_start;    // first data block
};

struct DiskInode {
  uint16_t type;  // an InodeType
  uint16_t reserved;
  uint32_t size;  // bytes
  uint32_t direct[kDirectBlocks];
  uint32_t indirect;  // block of kPointersPerBlock more block numbers, 0 if none
  uint32_t spare;
};
static_assert(sizeof(DiskInode) == 64, "inodes must tile a block");

struct DirectoryEntry {
  uint16_t inode;  // 0 marks an empty slot
  char name[kNameLength];
};
static_assert(sizeof(DirectoryEntry) == 32, "directory entries must tile a block");

constexpr uint32_t kInodesPerBlock = kBlockSize / sizeof(DiskInode);
constexpr uint32_t kEntriesPerBlock = kBlockSize / sizeof(DirectoryEntry);

// The layout pane-mkfs chooses for a disk of block_count blocks and inode_count inodes.
constexpr Superblock layout_for(uint32_t block_count, uint32_t inode_count) {
  Superblock sb{};
  sb.magic = kMagic;
  sb.block_count = block_count;
  sb.inode_count = inode_count;
  sb.inode_start = kSuperblockNumber + 1;
  sb.bitmap_start = sb.inode_start + (inode_count + kInodesPerBlock - 1) / kInodesPerBlock;
  sb.data_start = sb.bitmap_start + (block_count + kBitsPerBlock - 1) / kBitsPerBlock;
  return sb;
}

}  // namespace panefs
