// ls: lists the root directory: name, inode number and size of every file.
#include "../include/pane/fs_format.hpp"
#include "pane.hpp"

int main() {
  int dir = open("/", O_READ);
  if (dir < 0) {
    fprintf(kStderr, "ls: cannot open /\n");
    return 1;
  }
  panefs::DirectoryEntry entry;
  while (read(dir, &entry, sizeof entry) == sizeof entry) {
    if (entry.inode == 0) continue;
    char name[panefs::kNameLength + 1] = {};
    memmove(name, entry.name, panefs::kNameLength);
    pane::FileStatus status{};
    int fd = open(name, O_READ);
    if (fd >= 0) fstat(fd, &status), close(fd);
    printf("%s %u %lu\n", name, entry.inode, status.size);
  }
  close(dir);
  return 0;
}
