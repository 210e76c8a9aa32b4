// Prints through the SBI console (legacy putchar) and reads the SBI version, then
// powers off. Under the hypervisor and natively the text must be the same.
#include "sbi_guest.hpp"

extern "C" uint64_t guest_main(uint64_t hartid, uint64_t) {
  guest::print("hello from the guest on hart ");
  guest::print_dec(hartid);
  guest::print("\n");
  auto version = guest::sbi_call(gh::riscv::sbi::ext_base, gh::riscv::sbi::base_get_spec_version);
  guest::print(version.error == 0 && version.value >= (1u << 24) ? "SBI v1 or later\n"
                                                                 : "SBI too old\n");
  auto probe = guest::sbi_call(gh::riscv::sbi::ext_base, gh::riscv::sbi::base_probe_extension,
                               gh::riscv::sbi::ext_srst);
  guest::print(probe.value != 0 ? "SRST available\n" : "SRST missing\n");
  guest::print("goodbye\n");
  return 0;
}
