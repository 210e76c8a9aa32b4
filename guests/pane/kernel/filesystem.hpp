// PaneFS in the kernel (the format: include/pane/fs_format.hpp). One directory, the
// root; files are named by paths like "/cat" or "cat". Every operation takes one
// file-system-wide sleep lock, so operations never interleave: simple, not fast.
//
// An open file refers to its inode by number only. Removing a file that is still open
// frees its blocks at once; later reads and writes through the open file then fail.
#pragma once

#include <cstdint>

#include "../include/pane/stat.hpp"
#include "virtual_memory.hpp"

namespace pane {

// Where file bytes go to or come from: kernel memory (table == nullptr) or the user
// address space `table`. `loading` lets exec() fill read-only pages of a new program.
struct MemoryRef {
  PageTable table;
  uint64_t address;
  bool loading;
};

void filesystem_init();
// Finds (and with kCreate, creates; with kTruncate, empties) the file at path.
// Returns its inode number, or -1.
int fs_open(const char* path, int flags);
int fs_read(uint32_t inode, MemoryRef dst, uint32_t offset, uint32_t n);
int fs_write(uint32_t inode, MemoryRef src, uint32_t offset, uint32_t n);
int fs_unlink(const char* path);
int fs_status(uint32_t inode, FileStatus* status);

}  // namespace pane
