// What fstat() reports about an open file; shared by kernel and user programs.
#pragma once

#include <cstdint>

namespace pane {

enum class FileKind : uint32_t { kDirectory = 1, kFile = 2, kConsole = 3, kPipe = 4 };

struct FileStatus {
  FileKind kind;
  uint32_t inode;  // 0 for the console and pipes
  uint64_t size;   // bytes, for files and directories
};

}  // namespace pane
