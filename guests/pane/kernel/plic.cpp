#include "plic.hpp"

#include "cpu.hpp"
#include "memory_layout.hpp"

namespace pane {
namespace {

volatile uint32_t* plic_register(uint64_t offset) {
  return reinterpret_cast<volatile uint32_t*>(kPlic + offset);
}

uint64_t my_context() { return 2 * hart_id() + 1; }

// Register offsets, from the PLIC specification.
uint64_t priority(uint32_t irq) { return 4 * irq; }
uint64_t enable_bits(uint64_t context) { return 0x2000 + 0x80 * context; }
uint64_t threshold(uint64_t context) { return 0x20'0000 + 0x1000 * context; }
uint64_t claim_complete(uint64_t context) { return threshold(context) + 4; }

}  // namespace

void plic_init() {
  *plic_register(priority(kUartIrq)) = 1;
  *plic_register(priority(kVirtioDiskIrq)) = 1;
}

void plic_init_hart() {
  *plic_register(enable_bits(my_context())) = (1u << kUartIrq) | (1u << kVirtioDiskIrq);
  *plic_register(threshold(my_context())) = 0;  // accept every priority above 0
}

uint32_t plic_claim() { return *plic_register(claim_complete(my_context())); }

void plic_complete(uint32_t irq) { *plic_register(claim_complete(my_context())) = irq; }

}  // namespace pane
