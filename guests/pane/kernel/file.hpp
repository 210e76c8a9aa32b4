// Open files: what a file descriptor refers to. Several descriptors (after fork or
// dup) may share one File, and with it the read/write offset.
#pragma once

#include <cstdint>

namespace pane {

struct Pipe;

enum class FileType { kNone, kConsole, kPipe, kInode };

struct File {
  FileType type = FileType::kNone;
  int references = 0;
  bool readable = false;
  bool writable = false;
  Pipe* pipe = nullptr;  // kPipe
  uint32_t inode = 0;    // kInode
  uint32_t offset = 0;   // kInode
};

File* file_allocate();  // references = 1, or nullptr when the table is full
File* file_dup(File* file);
void file_close(File* file);
int file_read(File* file, uint64_t dst_va, int n);
int file_write(File* file, uint64_t src_va, int n);
int file_status(File* file, uint64_t dst_va);  // fstat()

}  // namespace pane
