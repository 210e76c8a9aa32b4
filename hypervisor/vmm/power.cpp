#include "vmm/power.hpp"

#include "vmm/arch.hpp"
#include "vmm/sbi_host.hpp"

namespace gh::vmm {
namespace {
uint64_t finisher_base = 0;
constexpr uint32_t finisher_pass = 0x5555;
constexpr uint32_t finisher_fail = 0x3333;
}  // namespace

void set_finisher(uint64_t base) { finisher_base = base; }

void power_off(uint32_t code) {
  fence();
  if (finisher_base != 0) {
    uint32_t value = code == 0 ? finisher_pass : ((code << 16) | finisher_fail);
    mmio_write<uint32_t>(finisher_base, value);
  }
  sbi_host_shutdown(code != 0);
  for (;;) wait_for_interrupt();
}

}  // namespace gh::vmm
