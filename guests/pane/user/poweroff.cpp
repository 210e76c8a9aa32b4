// poweroff [status]: stops the machine. QEMU exits with the status (default 0).
#include "pane.hpp"

int main(int argc, char** argv) { poweroff(argc > 1 ? atoi(argv[1]) : 0); }
