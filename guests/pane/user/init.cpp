// init, the first process. With a file /autorun on the disk, it runs the command in
// it and powers the machine off with that command's exit status (how the test suite
// runs usertests). Otherwise it runs the shell, and restarts it whenever it exits.
#include "pane.hpp"

namespace {

[[noreturn]] void autorun(int fd) {
  char line[128];
  int length = read(fd, line, sizeof line - 1);
  close(fd);
  line[length > 0 ? length : 0] = '\0';
  for (char* c = line; *c; c++) {
    if (*c == '\n') *c = ' ';
  }
  char* words[16];
  int count = split_words(line, words, 15);
  words[count] = nullptr;
  if (count == 0) poweroff(1);
  printf("init: autorun: %s\n", words[0]);
  int status = run(words);
  printf("init: autorun: %s exited with status %d\n", words[0], status);
  poweroff(status == 0 ? 0 : (status > 0 && status < 256 ? status : 1));
}

}  // namespace

int main() {
  int fd = open("/autorun", O_READ);
  if (fd >= 0) autorun(fd);
  for (;;) {
    printf("init: starting the shell\n");
    const char* argv[] = {"sh", nullptr};
    run(argv);
  }
}
