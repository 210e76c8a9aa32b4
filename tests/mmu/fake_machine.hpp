// A fake host for MMU tests: one static array is host-physical memory (hpa = offset),
// guest RAM lives in its first half at gpa 0x8000'0000, shadow-table pages in the second.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "mmu/guest_memory_map.hpp"
#include "mmu/guest_physical_memory.hpp"
#include "mmu/host_memory.hpp"
#include "mmu/page_table_walker.hpp"
#include "riscv/csr.hpp"

namespace gh::mmu::test {

namespace pte = riscv::pte;

constexpr uint64_t host_bytes = 8ull << 20;
constexpr uint64_t guest_ram_gpa = 0x8000'0000;
constexpr uint64_t guest_ram_size = 4ull << 20;
constexpr uint64_t guest_ram_hpa = 0;
constexpr uint64_t shadow_pool_hpa = 4ull << 20;
constexpr uint64_t shadow_pool_pages = 1024;
constexpr uint64_t uart_gpa = 0x1000'0000;
constexpr DeviceId uart_device = 7;

class ArrayHostMemory final : public HostMemory {
 public:
  uint64_t* word(uint64_t hpa) override;
  void clear() { std::memset(bytes_, 0, sizeof bytes_); }

 private:
  alignas(4096) static inline uint8_t bytes_[host_bytes];
};

// Builds guest page tables in fake guest RAM. Tables are taken from the top 1 MiB of RAM.
class FakeMachine {
 public:
  FakeMachine();

  ArrayHostMemory host;
  GuestMemoryMap map;
  MappedGuestMemory guest{map, host};

  uint64_t new_table();
  // Maps va -> gpa with a leaf at `level`, creating pointer tables (V only) as needed.
  // Returns the leaf PTE's gpa.
  uint64_t map_page(uint64_t root, unsigned levels, uint64_t va, uint64_t gpa, uint64_t flags,
                    unsigned level = 0);
  uint64_t read(uint64_t gpa);
  void write(uint64_t gpa, uint64_t value);

 private:
  uint64_t next_table_ = guest_ram_gpa + guest_ram_size - (1ull << 20);
};

uint64_t sv39(uint64_t root, uint16_t asid = 0);
uint64_t sv48(uint64_t root, uint16_t asid = 0);

// What the guest saw, in words: "translated to gpa 0x..." or
// "load page fault (13): PTE not valid at level 1".
std::string outcome_of(const Walk& walk);
std::string translated_to(uint64_t gpa);
std::string fault(riscv::Exception cause, WalkRule rule, int level);

}  // namespace gh::mmu::test
