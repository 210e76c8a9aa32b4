// Copies the guest image (ELF or raw binary, handed over by the launcher as an initrd)
// into the VM's guest-physical RAM.
#pragma once

#include <cstdint>
#include <span>

#include "vmm/vm.hpp"

namespace gh::vmm {

// On success sets vm.entry. On failure writes a one-line reason and returns false.
bool load_guest_image(Vm& vm, std::span<const uint8_t> image);

}  // namespace gh::vmm
