#include "devices/plic.hpp"

namespace gh::devices {
namespace {

constexpr bool within(uint64_t offset, uint64_t base, uint64_t length) {
  return offset >= base && offset - base < length;
}

constexpr uint32_t bit_of(uint32_t source) { return 1u << (source % 32); }

riscv::Privilege context_privilege(uint32_t context) {
  return context % 2 == 0 ? riscv::Privilege::machine : riscv::Privilege::supervisor;
}

}  // namespace

Plic::Plic(HartInterrupts& harts)
    : harts_(harts),
      context_count_(2 * (harts.hart_count() < max_harts ? harts.hart_count() : max_harts)) {
  for (uint32_t source = 0; source < source_count; ++source) lines_[source].attach(this, source);
}

void Plic::SourceLine::set_level(bool asserted) {
  if (plic_ != nullptr) plic_->set_source_level(source_, asserted);
}

InterruptLine& Plic::line(uint32_t source) {
  static_assert(source_count > 0);
  return lines_[source < source_count ? source : 0];
}

void Plic::set_source_level(uint32_t source, bool asserted) {
  if (source == 0 || source >= source_count) return;  // source 0 does not exist
  if (asserted) {
    pending_[source / 32] |= bit_of(source);
  } else {
    pending_[source / 32] &= ~bit_of(source);
  }
  update_outputs();
}

std::optional<uint64_t> Plic::read(uint64_t offset, unsigned size) {
  if (size != 4 || offset % 4 != 0) return std::nullopt;
  return read_register(offset);
}

bool Plic::write(uint64_t offset, unsigned size, uint64_t value) {
  if (size != 4 || offset % 4 != 0) return false;
  write_register(offset, static_cast<uint32_t>(value));
  return true;
}

uint32_t Plic::read_register(uint64_t offset) {
  if (within(offset, priority_base, 4 * source_count)) {
    return priority_[(offset - priority_base) / 4];
  }
  if (within(offset, pending_base, 4 * words)) return pending_[(offset - pending_base) / 4];
  if (within(offset, enable_base, enable_stride * context_count_)) {
    const uint64_t word = (offset - enable_base) % enable_stride / 4;
    return word < words ? enable_[(offset - enable_base) / enable_stride][word] : 0;
  }
  if (within(offset, context_base, context_stride * context_count_)) {
    const uint64_t relative = offset - context_base;
    return read_context(static_cast<uint32_t>(relative / context_stride),
                        relative % context_stride);
  }
  return 0;
}

void Plic::write_register(uint64_t offset, uint32_t value) {
  if (within(offset, priority_base, 4 * source_count)) {
    const uint64_t source = (offset - priority_base) / 4;
    // QEMU 7.2 keeps the old priority when the value is out of range; source 0 has none.
    if (source != 0 && value <= max_priority) {
      priority_[source] = value;
      update_outputs();
    }
    return;
  }
  if (within(offset, enable_base, enable_stride * context_count_)) {
    const uint64_t word = (offset - enable_base) % enable_stride / 4;
    if (word < words) {
      enable_[(offset - enable_base) / enable_stride][word] = value;
      update_outputs();
    }
    return;
  }
  if (within(offset, context_base, context_stride * context_count_)) {
    const uint64_t relative = offset - context_base;
    write_context(static_cast<uint32_t>(relative / context_stride), relative % context_stride,
                  value);
  }
  // Pending bits and everything else: read-only or reserved, the write is ignored.
}

uint32_t Plic::read_context(uint32_t context, uint64_t register_offset) {
  if (register_offset == 0) return threshold_[context];
  if (register_offset == 4) return claim(context);
  return 0;
}

void Plic::write_context(uint32_t context, uint64_t register_offset, uint32_t value) {
  if (register_offset == 0) {
    if (value <= max_priority) {
      threshold_[context] = value;
      update_outputs();
    }
  } else if (register_offset == 4) {
    // Completion: QEMU releases any valid source id, whether or not this context claimed
    // it or it is enabled here.
    if (value < source_count) {
      claimed_[value / 32] &= ~bit_of(value);
      update_outputs();
    }
  }
}

uint32_t Plic::best_source(uint32_t context) const {
  uint32_t best = 0;
  uint32_t best_priority = threshold_[context];
  for (uint32_t source = 1; source < source_count; ++source) {
    const uint32_t word = source / 32;
    const uint32_t ready = pending_[word] & ~claimed_[word] & enable_[context][word];
    if ((ready & bit_of(source)) != 0 && priority_[source] > best_priority) {
      best = source;
      best_priority = priority_[source];
    }
  }
  return best;
}

uint32_t Plic::claim(uint32_t context) {
  const uint32_t source = best_source(context);
  if (source != 0) {
    pending_[source / 32] &= ~bit_of(source);
    claimed_[source / 32] |= bit_of(source);
  }
  update_outputs();
  return source;
}

void Plic::update_outputs() {
  for (uint32_t context = 0; context < context_count_; ++context) {
    const bool level = best_source(context) != 0;
    if (level == output_[context]) continue;
    output_[context] = level;
    harts_.set_external_interrupt(context / 2, context_privilege(context), level);
  }
}

}  // namespace gh::devices
