// wc: counts lines, words and bytes of its standard input or of the named files.
#include "pane.hpp"

namespace {

void count(int fd, const char* name) {
  long lines = 0, words = 0, bytes = 0;
  bool in_word = false;
  char buffer[512];
  int n;
  while ((n = read(fd, buffer, sizeof buffer)) > 0) {
    for (int i = 0; i < n; i++) {
      char c = buffer[i];
      bytes++;
      if (c == '\n') lines++;
      bool space = c == ' ' || c == '\n' || c == '\t';
      if (!space && !in_word) words++;
      in_word = !space;
    }
  }
  printf("%ld %ld %ld %s\n", lines, words, bytes, name);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) count(kStdin, "");
  for (int i = 1; i < argc; i++) {
    int fd = open(argv[i], O_READ);
    if (fd < 0) {
      fprintf(kStderr, "wc: cannot open %s\n", argv[i]);
      return 1;
    }
    count(fd, argv[i]);
    close(fd);
  }
  return 0;
}
