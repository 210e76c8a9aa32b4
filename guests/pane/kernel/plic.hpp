// The PLIC (platform-level interrupt controller) routes device interrupts to harts.
// Pane uses one PLIC context per hart: the S-mode context of hart h, number 2h+1.
#pragma once

#include <cstdint>

namespace pane {

void plic_init();       // once: give our devices a nonzero priority
void plic_init_hart();  // per hart: enable our devices in this hart's S context
uint32_t plic_claim();  // which device interrupted (0 = none)
void plic_complete(uint32_t irq);

}  // namespace pane
