// Software breakpoints: ebreak (4 bytes) or c.ebreak (2 bytes) written into guest RAM at
// a guest-physical address, with the bytes they replaced. A breakpoint gdb planted and a
// temporary one for a single step may share an address: each is counted.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "tae/guest_ram.hpp"

namespace gh::debug {

enum class BreakpointStatus : uint8_t { ok, table_full, bad_kind, not_ram, not_found };

class BreakpointTable {
 public:
  static constexpr size_t capacity = 64;
  static constexpr uint32_t ebreak = 0x00100073;
  static constexpr uint16_t c_ebreak = 0x9002;

  explicit BreakpointTable(tae::GuestRam& ram) : ram_(ram) {}

  // `kind`: the instruction length gdb names (2 or 4).
  BreakpointStatus insert(uint64_t gpa, unsigned kind, bool temporary);
  BreakpointStatus remove(uint64_t gpa, bool temporary);
  // Both return how many were taken out of guest RAM.
  size_t remove_temporary();
  size_t remove_all();
  // Whether one of ours sits at `gpa` (the guest's ebreak elsewhere is the guest's own).
  bool planted_at(uint64_t gpa) const;
  // Whether one of ours is planted on the 4 KiB guest page of `gpa` (the guest's loads and
  // stores there are emulated, so that it never sees them).
  bool on_page(uint64_t gpa) const;
  // Puts the original bytes back into `bytes`, read from guest RAM at `gpa`.
  void hide(uint64_t gpa, std::span<uint8_t> bytes) const;
  // Writes `bytes` to guest RAM at `gpa`; a planted breakpoint stays planted and takes the
  // new bytes as its original.
  void write_through(uint64_t gpa, std::span<const uint8_t> bytes);
  size_t count() const;

 private:
  struct Entry {
    uint64_t gpa = 0;
    uint32_t original = 0;
    uint8_t kind = 0;  // 0: free
    uint8_t users = 0;
    uint8_t temporary_users = 0;
  };
  Entry* find(uint64_t gpa);
  const Entry* find(uint64_t gpa) const;
  Entry* free_entry();
  void release(Entry& entry);
  static uint32_t instruction_for(unsigned kind) { return kind == 4 ? ebreak : c_ebreak; }

  tae::GuestRam& ram_;
  std::array<Entry, capacity> entries_{};
};

}  // namespace gh::debug
