#include "filesystem.hpp"

#include "../common/string.hpp"
#include "../include/pane/syscall_numbers.h"
#include "block_cache.hpp"
#include "printk.hpp"
#include "sleeplock.hpp"

namespace pane {
namespace {

using namespace panefs;

Sleeplock fs_lock;
Superblock super;

// Holds the file-system lock for as long as it exists.
struct FsLocked {
  FsLocked() { acquire_sleep(fs_lock); }
  ~FsLocked() { release_sleep(fs_lock); }
  FsLocked(const FsLocked&) = delete;
  FsLocked& operator=(const FsLocked&) = delete;
};

uint32_t min(uint32_t a, uint32_t b) { return a < b ? a : b; }

// ---- moving bytes between blocks and a MemoryRef

bool copy_to(MemoryRef dst, uint32_t at, const void* src, uint32_t n) {
  if (dst.table == nullptr) {
    memmove(reinterpret_cast<void*>(dst.address + at), src, n);
    return true;
  }
  if (dst.loading) return copy_into_program(dst.table, dst.address + at, src, n);
  return copy_out(dst.table, dst.address + at, src, n);
}

bool copy_from(void* dst, MemoryRef src, uint32_t at, uint32_t n) {
  if (src.table == nullptr) {
    memmove(dst, reinterpret_cast<const void*>(src.address + at), n);
    return true;
  }
  return copy_in(src.table, dst, src.address + at, n);
}

MemoryRef kernel_memory(void* pointer) {
  return MemoryRef{nullptr, reinterpret_cast<uint64_t>(pointer), false};
}

// ---- inodes and the free-block bitmap

bool valid_inode_number(uint32_t inum) { return inum > 0 && inum < super.inode_count; }

uint8_t* inode_slot(CachedBlock* block, uint32_t inum) {
  return block->data + (inum % kInodesPerBlock) * sizeof(DiskInode);
}

void read_inode(uint32_t inum, DiskInode* inode) {
  CachedBlock* block = block_get(super.inode_start + inum / kInodesPerBlock);
  memmove(inode, inode_slot(block, inum), sizeof *inode);
  block_put(block);
}

void write_inode(uint32_t inum, const DiskInode& inode) {
  CachedBlock* block = block_get(super.inode_start + inum / kInodesPerBlock);
  memmove(inode_slot(block, inum), &inode, sizeof inode);
  block_write(block);
  block_put(block);
}

uint32_t allocate_inode(uint16_t type) {
  for (uint32_t inum = 1; inum < super.inode_count; inum++) {
    DiskInode inode;
    read_inode(inum, &inode);
    if (inode.type != kFreeInode) continue;
    inode = DiskInode{};
    inode.type = type;
    write_inode(inum, inode);
    return inum;
  }
  return 0;
}

// Sets or clears a block's bit; returns whether it was set before.
bool update_bitmap(uint32_t block_number, bool in_use) {
  CachedBlock* map = block_get(super.bitmap_start + block_number / kBitsPerBlock);
  uint8_t& byte = map->data[(block_number % kBitsPerBlock) / 8];
  uint8_t bit = 1 << (block_number % 8);
  bool was_in_use = byte & bit;
  if (was_in_use != in_use) {
    byte = in_use ? (byte | bit) : (byte & ~bit);
    block_write(map);
  }
  block_put(map);
  return was_in_use;
}

// A zeroed data block, or 0 when the disk is full.
uint32_t allocate_block() {
  for (uint32_t number = super.data_start; number < super.block_count; number++) {
    if (update_bitmap(number, true)) continue;  // already taken
    CachedBlock* block = block_get(number);
    memset(block->data, 0, kBlockSize);
    block_write(block);
    block_put(block);
    return number;
  }
  return 0;
}

void free_block(uint32_t number) {
  if (number < super.data_start || number >= super.block_count) panic("free_block: %u", number);
  update_bitmap(number, false);
}

// The disk block holding block `index` of a file; with allocate, adds it if missing.
// 0 when there is none (or no room). The caller writes the inode back.
uint32_t block_of(DiskInode& inode, uint32_t index, bool allocate) {
  if (index < kDirectBlocks) {
    if (inode.direct[index] == 0 && allocate) inode.direct[index] = allocate_block();
    return inode.direct[index];
  }
  index -= kDirectBlocks;
  if (index >= kPointersPerBlock) return 0;
  if (inode.indirect == 0) {
    if (!allocate) return 0;
    inode.indirect = allocate_block();
    if (inode.indirect == 0) return 0;
  }
  CachedBlock* table = block_get(inode.indirect);
  auto* pointers = reinterpret_cast<uint32_t*>(table->data);
  uint32_t number = pointers[index];
  if (number == 0 && allocate) {
    number = pointers[index] = allocate_block();
    if (number != 0) block_write(table);
  }
  block_put(table);
  return number;
}

void free_contents(DiskInode& inode) {
  for (uint32_t& number : inode.direct) {
    if (number != 0) free_block(number);
    number = 0;
  }
  if (inode.indirect != 0) {
    CachedBlock* table = block_get(inode.indirect);
    auto* pointers = reinterpret_cast<uint32_t*>(table->data);
    for (uint32_t i = 0; i < kPointersPerBlock; i++) {
      if (pointers[i] != 0) free_block(pointers[i]);
    }
    block_put(table);
    free_block(inode.indirect);
    inode.indirect = 0;
  }
  inode.size = 0;
}

// ---- file contents

int read_bytes(DiskInode& inode, MemoryRef dst, uint32_t offset, uint32_t n) {
  if (offset >= inode.size) return 0;
  n = min(n, inode.size - offset);
  uint32_t done = 0;
  while (done < n) {
    uint32_t position = offset + done;
    uint32_t number = block_of(inode, position / kBlockSize, false);
    if (number == 0) return -1;  // a hole: the file system is damaged
    uint32_t chunk = min(n - done, kBlockSize - position % kBlockSize);
    CachedBlock* block = block_get(number);
    bool copied = copy_to(dst, done, block->data + position % kBlockSize, chunk);
    block_put(block);
    if (!copied) return done > 0 ? static_cast<int>(done) : -1;
    done += chunk;
  }
  return static_cast<int>(done);
}

int write_bytes(uint32_t inum, DiskInode& inode, MemoryRef src, uint32_t offset, uint32_t n) {
  if (offset > inode.size || offset > kMaxFileSize) return -1;  // no holes
  n = min(n, kMaxFileSize - offset);
  uint32_t done = 0;
  bool failed = false;
  while (done < n && !failed) {
    uint32_t position = offset + done;
    uint32_t number = block_of(inode, position / kBlockSize, true);
    if (number == 0) break;  // the disk is full
    uint32_t chunk = min(n - done, kBlockSize - position % kBlockSize);
    CachedBlock* block = block_get(number);
    failed = !copy_from(block->data + position % kBlockSize, src, done, chunk);
    if (!failed) {
      block_write(block);
      done += chunk;
    }
    block_put(block);
  }
  if (offset + done > inode.size) inode.size = offset + done;
  write_inode(inum, inode);  // size and block pointers may have changed
  return (done == 0 && n > 0) ? -1 : static_cast<int>(done);
}

// ---- the root directory

// "/name", "name" -> name; "/" and "." -> "" (the root). False for bad names.
bool parse_path(const char* path, char name[kNameLength]) {
  while (*path == '/') path++;
  if (strcmp(path, ".") == 0) path = "";
  uint32_t length = strlen(path);
  if (length >= kNameLength) return false;
  for (uint32_t i = 0; i < length; i++) {
    if (path[i] == '/') return false;  // PaneFS has no subdirectories
  }
  strlcpy_pane(name, path, kNameLength);
  return true;
}

// The inode named `name` in the root directory, or 0; its entry's offset in *slot.
uint32_t find_entry(const char* name, uint32_t* slot) {
  DiskInode root;
  read_inode(kRootInode, &root);
  DirectoryEntry entry;
  for (uint32_t at = 0; at < root.size; at += sizeof entry) {
    if (read_bytes(root, kernel_memory(&entry), at, sizeof entry) != sizeof entry) break;
    if (entry.inode != 0 && strncmp(entry.name, name, kNameLength) == 0) {
      *slot = at;
      return entry.inode;
    }
  }
  return 0;
}

bool write_entry(uint32_t at, const DirectoryEntry& entry) {
  DiskInode root;
  read_inode(kRootInode, &root);
  auto* bytes = const_cast<DirectoryEntry*>(&entry);
  return write_bytes(kRootInode, root, kernel_memory(bytes), at, sizeof entry) == sizeof entry;
}

bool add_entry(const char* name, uint32_t inum) {
  DiskInode root;
  read_inode(kRootInode, &root);
  DirectoryEntry entry;
  uint32_t at = 0;
  for (; at < root.size; at += sizeof entry) {  // reuse an empty slot, or append
    read_bytes(root, kernel_memory(&entry), at, sizeof entry);
    if (entry.inode == 0) break;
  }
  entry = DirectoryEntry{};
  entry.inode = static_cast<uint16_t>(inum);
  strlcpy_pane(entry.name, name, kNameLength);
  return write_entry(at, entry);
}

uint32_t create_file(const char* name) {
  uint32_t inum = allocate_inode(kFileInode);
  if (inum == 0) return 0;
  if (!add_entry(name, inum)) {
    write_inode(inum, DiskInode{});  // give the inode back
    return 0;
  }
  return inum;
}

}  // namespace

void filesystem_init() {
  FsLocked locked;
  CachedBlock* block = block_get(kSuperblockNumber);
  memmove(&super, block->data, sizeof super);
  block_put(block);
  if (super.magic != kMagic) panic("not a PaneFS disk (magic %x)", super.magic);
  printk("pane: file system of %u blocks, %u inodes\n", super.block_count, super.inode_count);
}

int fs_open(const char* path, int flags) {
  FsLocked locked;
  char name[kNameLength];
  if (!parse_path(path, name)) return -1;
  if (name[0] == '\0') return kRootInode;
  uint32_t slot;
  uint32_t inum = find_entry(name, &slot);
  if (inum == 0) {
    if (!(flags & O_CREATE)) return -1;
    inum = create_file(name);
    return inum == 0 ? -1 : static_cast<int>(inum);
  }
  if (flags & O_TRUNCATE) {
    DiskInode inode;
    read_inode(inum, &inode);
    free_contents(inode);
    write_inode(inum, inode);
  }
  return static_cast<int>(inum);
}

int fs_read(uint32_t inum, MemoryRef dst, uint32_t offset, uint32_t n) {
  FsLocked locked;
  if (!valid_inode_number(inum)) return -1;
  DiskInode inode;
  read_inode(inum, &inode);
  if (inode.type == kFreeInode) return -1;  // removed while open
  return read_bytes(inode, dst, offset, n);
}

int fs_write(uint32_t inum, MemoryRef src, uint32_t offset, uint32_t n) {
  FsLocked locked;
  if (!valid_inode_number(inum)) return -1;
  DiskInode inode;
  read_inode(inum, &inode);
  if (inode.type != kFileInode) return -1;
  return write_bytes(inum, inode, src, offset, n);
}

int fs_unlink(const char* path) {
  FsLocked locked;
  char name[kNameLength];
  uint32_t slot;
  if (!parse_path(path, name) || name[0] == '\0') return -1;
  uint32_t inum = find_entry(name, &slot);
  if (inum == 0) return -1;
  if (!write_entry(slot, DirectoryEntry{})) return -1;
  DiskInode inode;
  read_inode(inum, &inode);
  free_contents(inode);
  inode.type = kFreeInode;
  write_inode(inum, inode);
  return 0;
}

int fs_status(uint32_t inum, FileStatus* status) {
  FsLocked locked;
  if (!valid_inode_number(inum)) return -1;
  DiskInode inode;
  read_inode(inum, &inode);
  if (inode.type == kFreeInode) return -1;
  status->kind = inode.type == kDirectoryInode ? FileKind::kDirectory : FileKind::kFile;
  status->inode = inum;
  status->size = inode.size;
  return 0;
}

}  // namespace pane
