// The smallest guest: one line, then it powers off through SBI SRST.
#include "sbi_guest.hpp"

extern "C" uint64_t guest_main(uint64_t, uint64_t) {
  guest::print("powering off\n");
  return 0;
}
