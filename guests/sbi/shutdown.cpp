// The smallest guest: it powers off through SBI SRST at once.
#include "sbi_guest.hpp"

extern "C" uint64_t guest_main(uint64_t, uint64_t) { return 0; }
