#include "pane.hpp"
int main() { printf("usertests: not yet\n"); return 0; }
