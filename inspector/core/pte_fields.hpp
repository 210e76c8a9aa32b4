// A PTE taken apart for display: PPN, the D A G U X W R V bits, leaf or pointer, and
// the size of what a leaf maps at its level.
#pragma once

#include <cstdint>
#include <string>

namespace gh::inspector {

struct PteFields {
  uint64_t ppn = 0;
  bool d = false, a = false, g = false, u = false, x = false, w = false, r = false, v = false;

  [[nodiscard]] bool leaf() const { return r || w || x; }
  [[nodiscard]] uint64_t physical_address() const { return ppn << 12; }
};

PteFields decode_pte(uint64_t pte);

// "DAGUXWRV" with '-' for clear bits, e.g. "-A-U-WRV".
std::string pte_bit_string(uint64_t pte);
// "4 KiB page", "2 MiB superpage", "1 GiB superpage", "512 GiB superpage".
std::string page_size_name(unsigned level);
// Bytes mapped by a leaf at `level`.
uint64_t page_span(unsigned level);
// "pointer", "leaf" or "invalid".
const char* pte_role(uint64_t pte);

}  // namespace gh::inspector
