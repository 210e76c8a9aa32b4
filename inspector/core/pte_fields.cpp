#include "pte_fields.hpp"

#include "riscv/csr.hpp"

namespace gh::inspector {

namespace pte = riscv::pte;

PteFields decode_pte(uint64_t value) {
  return {.ppn = (value >> pte::ppn_shift) & pte::ppn_mask,
          .d = (value & pte::d) != 0,
          .a = (value & pte::a) != 0,
          .g = (value & pte::g) != 0,
          .u = (value & pte::u) != 0,
          .x = (value & pte::x) != 0,
          .w = (value & pte::w) != 0,
          .r = (value & pte::r) != 0,
          .v = (value & pte::v) != 0};
}

std::string pte_bit_string(uint64_t value) {
  static constexpr char letters[] = "VRWXUGAD";
  std::string out(8, '-');
  for (int bit = 0; bit < 8; ++bit) {
    if ((value >> bit) & 1) out[static_cast<size_t>(7 - bit)] = letters[bit];
  }
  return out;
}

uint64_t page_span(unsigned level) { return 1ull << (12 + 9 * level); }

std::string page_size_name(unsigned level) {
  switch (level) {
    case 0:
      return "4 KiB page";
    case 1:
      return "2 MiB superpage";
    case 2:
      return "1 GiB superpage";
    case 3:
      return "512 GiB superpage";
    default:
      return "256 TiB superpage";
  }
}

const char* pte_role(uint64_t value) {
  const PteFields fields = decode_pte(value);
  if (!fields.v) return "invalid";
  return fields.leaf() ? "leaf" : "pointer";
}

}  // namespace gh::inspector
