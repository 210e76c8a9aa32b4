// cat: copies files (or its standard input) to its standard output.
#include "pane.hpp"

namespace {

bool copy(int fd) {
  char buffer[512];
  int n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) {
    if (write(kStdout, buffer, n) != n) return false;
  }
  return n == 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return copy(kStdin) ? 0 : 1;
  int status = 0;
  for (int i = 1; i < argc; i++) {
    int fd = open(argv[i], O_READ);
    if (fd < 0 || !copy(fd)) {
      fprintf(kStderr, "cat: cannot read %s\n", argv[i]);
      status = 1;
    }
    if (fd >= 0) close(fd);
  }
  return status;
}
