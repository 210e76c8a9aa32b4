// hello: a first user program.
#include "pane.hpp"

int main() {
  printf("hello from pid %d on hart %d\n", getpid(), hartid());
  return 0;
}
