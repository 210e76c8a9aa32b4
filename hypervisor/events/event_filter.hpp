// What the hypervisor emits, as set by the host's set_filter command.
#pragma once

#include <cstdint>

#include "events/wire_format.hpp"

namespace gh::events {

struct EventFilter {
  uint32_t class_mask = event_class::all;
  uint64_t vcpu_mask = ~uint64_t{0};
  uint64_t address_begin = 0;
  uint64_t address_end = 0;  // <= address_begin: no address restriction

  static constexpr EventFilter from(const SetFilterCommand& command) {
    return {command.class_mask, command.vcpu_mask, command.address_begin, command.address_end};
  }

  constexpr bool has_address_range() const { return address_end > address_begin; }
  constexpr bool address_in_range(uint64_t address) const {
    return address >= address_begin && address < address_end;
  }
  constexpr bool vcpu_selected(uint16_t vcpu) const {
    return (vcpu_mask >> (vcpu < 63 ? vcpu : 63)) & 1;
  }

  // `event_class` 0 always passes (hello, drop counts, replies). `addresses` are the
  // event's addresses (at most two); an event without one passes any address range.
  constexpr bool accepts(uint32_t event_class_bit, uint16_t vcpu, const uint64_t* addresses,
                         int address_count) const {
    if (event_class_bit == 0) return true;
    if ((class_mask & event_class_bit) == 0 || !vcpu_selected(vcpu)) return false;
    if (!has_address_range() || address_count == 0) return true;
    for (int i = 0; i < address_count; ++i) {
      if (address_in_range(addresses[i])) return true;
    }
    return false;
  }
};

}  // namespace gh::events
