#include "devices/clint.hpp"

namespace gh::devices {
namespace {

constexpr uint64_t low_half = 0xffff'ffffull;

uint64_t replace_low(uint64_t word, uint64_t low) { return (word & ~low_half) | (low & low_half); }
uint64_t replace_high(uint64_t word, uint64_t high) { return (high << 32) | (word & low_half); }

}  // namespace

Clint::Clint(HartInterrupts& harts)
    : harts_(harts), hart_count_(harts.hart_count() < max_harts ? harts.hart_count() : max_harts) {}

std::optional<uint64_t> Clint::read(uint64_t offset, unsigned size) {
  if (offset < mswi_size) {
    if (size != 4 || offset % 4 != 0) return std::nullopt;
    return read_msip(offset);
  }
  if (offset < mtimer_end) {
    if ((size != 4 && size != 8) || offset % size != 0) return std::nullopt;
    return read_timer(offset, size);
  }
  return std::nullopt;  // outside both devices: unassigned
}

bool Clint::write(uint64_t offset, unsigned size, uint64_t value) {
  if (offset < mswi_size) {
    if (size != 4 || offset % 4 != 0) return false;
    write_msip(offset, value);
    return true;
  }
  if (offset < mtimer_end) {
    if ((size != 4 && size != 8) || offset % size != 0) return false;
    write_timer(offset, size, value);
    return true;
  }
  return false;
}

uint64_t Clint::read_msip(uint64_t offset) const {
  const uint64_t hart = (offset - msip_base) / 4;
  return hart < hart_count_ && msip_[hart] ? 1 : 0;
}

void Clint::write_msip(uint64_t offset, uint64_t value) {
  const uint64_t hart = (offset - msip_base) / 4;
  if (hart >= hart_count_) return;
  msip_[hart] = (value & 1) != 0;
  harts_.set_software_interrupt(static_cast<uint32_t>(hart), msip_[hart]);
}

uint64_t Clint::read_timer(uint64_t offset, unsigned size) const {
  const uint64_t relative = offset - mtimecmp_base;
  if (relative / 8 < hart_count_) {
    const uint64_t compare = mtimecmp_[relative / 8];
    if (relative % 8 == 0) return size == 4 ? compare & low_half : compare;
    return compare >> 32;
  }
  if (offset == mtime_offset) return size == 4 ? harts_.time() & low_half : harts_.time();
  if (offset == mtime_offset + 4) return harts_.time() >> 32;
  return 0;
}

void Clint::write_timer(uint64_t offset, unsigned size, uint64_t value) {
  const uint64_t relative = offset - mtimecmp_base;
  if (relative / 8 < hart_count_) {
    const auto hart = static_cast<uint32_t>(relative / 8);
    const uint64_t compare = mtimecmp_[hart];
    if (relative % 8 == 0) {
      write_mtimecmp(hart, size == 4 ? replace_low(compare, value) : value);
    } else {
      write_mtimecmp(hart, replace_high(compare, value));  // only 4-byte reaches here
    }
    return;
  }
  const uint64_t now = harts_.time();
  if (offset == mtime_offset) write_mtime(size == 4 ? replace_low(now, value) : value);
  if (offset == mtime_offset + 4) write_mtime(replace_high(now, value));
}

void Clint::write_mtimecmp(uint32_t hart, uint64_t value) {
  mtimecmp_[hart] = value;
  harts_.set_timer_compare(hart, value);
}

void Clint::write_mtime(uint64_t value) {
  harts_.set_time(value);
  for (uint32_t hart = 0; hart < hart_count_; ++hart) {
    harts_.set_timer_compare(hart, mtimecmp_[hart]);
  }
}

}  // namespace gh::devices
