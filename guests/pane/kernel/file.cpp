#include "file.hpp"

#include "../include/pane/stat.hpp"
#include "console.hpp"
#include "filesystem.hpp"
#include "pipe.hpp"
#include "printk.hpp"
#include "process.hpp"
#include "spinlock.hpp"

namespace pane {
namespace {

constexpr int kMaxFiles = 128;
Spinlock file_table_lock{"file table"};
File file_table[kMaxFiles];

}  // namespace

File* file_allocate() {
  acquire(file_table_lock);
  for (File& file : file_table) {
    if (file.references == 0) {
      file = File{};
      file.references = 1;
      release(file_table_lock);
      return &file;
    }
  }
  release(file_table_lock);
  return nullptr;
}

File* file_dup(File* file) {
  acquire(file_table_lock);
  if (file->references < 1) panic("file_dup: closed file");
  file->references++;
  release(file_table_lock);
  return file;
}

void file_close(File* file) {
  acquire(file_table_lock);
  if (file->references < 1) panic("file_close: closed file");
  if (--file->references > 0) {
    release(file_table_lock);
    return;
  }
  File closing = *file;
  file->type = FileType::kNone;
  release(file_table_lock);
  if (closing.type == FileType::kPipe) pipe_close(closing.pipe, closing.writable);
}

int file_read(File* file, uint64_t dst_va, int n) {
  if (!file->readable || n < 0) return -1;
  switch (file->type) {
    case FileType::kConsole:
      return console_read(dst_va, n);
    case FileType::kPipe:
      return pipe_read(file->pipe, dst_va, n);
    case FileType::kInode: {
      MemoryRef dst{current_process()->page_table, dst_va, false};
      int done = fs_read(file->inode, dst, file->offset, n);
      if (done > 0) file->offset += done;
      return done;
    }
    default:
      return -1;
  }
}

int file_write(File* file, uint64_t src_va, int n) {
  if (!file->writable || n < 0) return -1;
  switch (file->type) {
    case FileType::kConsole:
      return console_write(src_va, n);
    case FileType::kPipe:
      return pipe_write(file->pipe, src_va, n);
    case FileType::kInode: {
      MemoryRef src{current_process()->page_table, src_va, false};
      int done = fs_write(file->inode, src, file->offset, n);
      if (done > 0) file->offset += done;
      return done;
    }
    default:
      return -1;
  }
}

int file_status(File* file, uint64_t dst_va) {
  FileStatus status{};
  if (file->type == FileType::kConsole) status.kind = FileKind::kConsole;
  if (file->type == FileType::kPipe) status.kind = FileKind::kPipe;
  if (file->type == FileType::kInode && fs_status(file->inode, &status) < 0) return -1;
  bool copied = copy_out(current_process()->page_table, dst_va, &status, sizeof status);
  return copied ? 0 : -1;
}

}  // namespace pane
