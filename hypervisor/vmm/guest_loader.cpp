#include "vmm/guest_loader.hpp"

#include <cstring>

#include "core/elf.hpp"
#include "vmm/console.hpp"

namespace gh::vmm {
namespace {

bool load_elf(Vm& vm, const core::ElfImage& elf, std::span<const uint8_t> image) {
  for (const core::LoadSegment& s : elf.segments()) {
    if (s.memory_size == 0) continue;
    if (!vm.ram.contains(s.physical_address, s.memory_size)) {
      ConsoleLine()
          .out()
          .str("guest image: segment at ")
          .hex(s.physical_address)
          .str(" (")
          .dec(s.memory_size)
          .str(" bytes) lies outside guest RAM ")
          .hex(GuestRam::gpa_base)
          .str("..")
          .hex(GuestRam::gpa_base + vm.ram.size);
      return false;
    }
    uint8_t* dest = vm.ram.host(s.physical_address);
    memcpy(dest, image.data() + s.file_offset, s.file_size);
    memset(dest + s.file_size, 0, s.memory_size - s.file_size);
  }
  vm.entry = elf.entry();
  return true;
}

bool load_raw(Vm& vm, std::span<const uint8_t> image) {
  uint64_t base =
      vm.config.boot == core::BootStyle::machine ? GuestRam::gpa_base : supervisor_load_address;
  if (!vm.ram.contains(base, image.size())) {
    ConsoleLine()
        .out()
        .str("guest image: ")
        .dec(image.size())
        .str(" bytes do not fit in ")
        .dec(vm.ram.size >> 20)
        .str(" MiB of guest RAM at ")
        .hex(base);
    return false;
  }
  memcpy(vm.ram.host(base), image.data(), image.size());
  vm.entry = base;
  return true;
}

}  // namespace

bool load_guest_image(Vm& vm, std::span<const uint8_t> image) {
  core::ElfError error = core::ElfError::none;
  auto elf = core::ElfImage::parse(image, error);
  if (elf) return load_elf(vm, *elf, image);
  if (error == core::ElfError::not_elf) return load_raw(vm, image);
  ConsoleLine().out().str("guest image: ").str(core::elf_error_text(error));
  return false;
}

}  // namespace gh::vmm
