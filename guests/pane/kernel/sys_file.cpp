// System calls about files: descriptors, reading and writing, the file system, pipes.
#include "../include/pane/syscall_numbers.h"
#include "file.hpp"
#include "filesystem.hpp"
#include "pipe.hpp"
#include "process.hpp"
#include "syscall.hpp"

namespace pane {
namespace {

constexpr uint64_t kFailure = static_cast<uint64_t>(-1);
constexpr int kMaxPath = 64;

// The open file behind descriptor argument n, or nullptr.
File* argument_file(int n) {
  int fd = argument_int(n);
  if (fd < 0 || fd >= kMaxOpenFiles) return nullptr;
  return current_process()->files[fd];
}

// Gives file the lowest free descriptor; -1 if all are taken.
int install_descriptor(File* file) {
  Process* p = current_process();
  for (int fd = 0; fd < kMaxOpenFiles; fd++) {
    if (p->files[fd] == nullptr) {
      p->files[fd] = file;
      return fd;
    }
  }
  return -1;
}

bool argument_path(int n, char path[kMaxPath]) {
  return copy_in_string(current_process()->page_table, path, argument(n), kMaxPath);
}

}  // namespace

uint64_t sys_read() {
  File* file = argument_file(0);
  return file == nullptr ? kFailure : file_read(file, argument(1), argument_int(2));
}

uint64_t sys_write() {
  File* file = argument_file(0);
  return file == nullptr ? kFailure : file_write(file, argument(1), argument_int(2));
}

uint64_t sys_close() {
  File* file = argument_file(0);
  if (file == nullptr) return kFailure;
  current_process()->files[argument_int(0)] = nullptr;
  file_close(file);
  return 0;
}

uint64_t sys_dup() {
  File* file = argument_file(0);
  if (file == nullptr) return kFailure;
  int fd = install_descriptor(file);
  if (fd < 0) return kFailure;
  file_dup(file);
  return fd;
}

uint64_t sys_open() {
  char path[kMaxPath];
  int flags = argument_int(1);
  if (!argument_path(0, path)) return kFailure;
  int inum = fs_open(path, flags);
  if (inum < 0) return kFailure;
  FileStatus status;
  if (fs_status(inum, &status) < 0) return kFailure;
  bool wants_write = flags & (O_WRITE | O_TRUNCATE);
  if (status.kind == FileKind::kDirectory && wants_write) return kFailure;
  File* file = file_allocate();
  if (file == nullptr) return kFailure;
  file->type = FileType::kInode;
  file->inode = inum;
  file->readable = (flags & O_READ) || !(flags & O_WRITE);
  file->writable = wants_write;
  int fd = install_descriptor(file);
  if (fd < 0) file_close(file);
  return fd < 0 ? kFailure : fd;
}

uint64_t sys_unlink() {
  char path[kMaxPath];
  if (!argument_path(0, path)) return kFailure;
  return fs_unlink(path) < 0 ? kFailure : 0;
}

uint64_t sys_fstat() {
  File* file = argument_file(0);
  return file == nullptr || file_status(file, argument(1)) < 0 ? kFailure : 0;
}

// pipe(int fds[2]): fds[0] reads what fds[1] writes.
uint64_t sys_pipe() {
  Process* p = current_process();
  File* read_end;
  File* write_end;
  if (pipe_create(&read_end, &write_end) < 0) return kFailure;
  int fds[2] = {install_descriptor(read_end), -1};
  if (fds[0] >= 0) fds[1] = install_descriptor(write_end);
  if (fds[1] < 0 || !copy_out(p->page_table, argument(0), fds, sizeof fds)) {
    if (fds[0] >= 0) p->files[fds[0]] = nullptr;
    if (fds[1] >= 0) p->files[fds[1]] = nullptr;
    file_close(read_end);
    file_close(write_end);
    return kFailure;
  }
  return 0;
}

}  // namespace pane
