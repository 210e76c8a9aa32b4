// A small cache of disk blocks in memory. Only the file system uses it, and always
// while holding the file-system lock, so the cache itself needs no lock. Writes go
// straight through to the disk.
#pragma once

#include <cstdint>

#include "../include/pane/fs_format.hpp"

namespace pane {

struct CachedBlock {
  uint32_t number = 0;
  bool valid = false;  // data holds the block's contents
  int users = 0;
  uint64_t last_used = 0;
  alignas(8) uint8_t data[panefs::kBlockSize];
};

CachedBlock* block_get(uint32_t number);  // read it if not cached
void block_write(CachedBlock* block);     // to the disk, now
void block_put(CachedBlock* block);       // done with it

}  // namespace pane
