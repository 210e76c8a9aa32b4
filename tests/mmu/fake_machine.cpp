#include "fake_machine.hpp"

#include <cstdio>
#include <cstdlib>

namespace gh::mmu::test {

uint64_t* ArrayHostMemory::word(uint64_t hpa) {
  if (hpa + 8 > host_bytes || (hpa & 7) != 0) {
    std::fprintf(stderr, "host memory access out of range: hpa 0x%llx\n",
                 static_cast<unsigned long long>(hpa));
    std::abort();
  }
  return reinterpret_cast<uint64_t*>(bytes_ + hpa);
}

FakeMachine::FakeMachine() {
  host.clear();
  if (map.add_ram(guest_ram_gpa, guest_ram_size, guest_ram_hpa) != MapStatus::ok ||
      map.add_mmio(uart_gpa, 0x1000, uart_device) != MapStatus::ok) {
    std::abort();
  }
}

uint64_t FakeMachine::new_table() {
  const uint64_t table = next_table_;
  next_table_ += page_size;
  return table;
}

uint64_t FakeMachine::read(uint64_t gpa) {
  const std::optional<uint64_t> value = guest.read64(gpa);
  if (!value) std::abort();
  return *value;
}

void FakeMachine::write(uint64_t gpa, uint64_t value) {
  if (!guest.write64(gpa, value)) std::abort();
}

uint64_t FakeMachine::map_page(uint64_t root, unsigned levels, uint64_t va, uint64_t gpa,
                               uint64_t flags, unsigned level) {
  uint64_t table = root;
  for (unsigned current = levels - 1; current > level; --current) {
    const uint64_t entry_gpa = table + table_index(va, current) * 8;
    uint64_t entry = read(entry_gpa);
    if ((entry & pte::v) == 0) {
      entry = pte::make(new_table(), pte::v);
      write(entry_gpa, entry);
    }
    table = pte::pa(entry);
  }
  const uint64_t leaf_gpa = table + table_index(va, level) * 8;
  write(leaf_gpa, pte::make(gpa, flags));
  return leaf_gpa;
}

uint64_t sv39(uint64_t root, uint16_t asid) {
  return riscv::satp::make(riscv::satp::mode_sv39, asid, root);
}

uint64_t sv48(uint64_t root, uint16_t asid) {
  return riscv::satp::make(riscv::satp::mode_sv48, asid, root);
}

namespace {

const char* cause_name(riscv::Exception cause) {
  switch (cause) {
    case riscv::Exception::instruction_access_fault:
      return "instruction access fault";
    case riscv::Exception::load_access_fault:
      return "load access fault";
    case riscv::Exception::store_access_fault:
      return "store access fault";
    case riscv::Exception::instruction_page_fault:
      return "instruction page fault";
    case riscv::Exception::load_page_fault:
      return "load page fault";
    case riscv::Exception::store_page_fault:
      return "store page fault";
    default:
      return "unexpected exception";
  }
}

}  // namespace

std::string translated_to(uint64_t gpa) {
  char text[64];
  std::snprintf(text, sizeof text, "translated to gpa 0x%llx",
                static_cast<unsigned long long>(gpa));
  return text;
}

std::string fault(riscv::Exception cause, WalkRule rule, int level) {
  char text[160];
  std::snprintf(text, sizeof text, "%s (%u): %s at level %d", cause_name(cause),
                static_cast<unsigned>(cause), walk_rule_name(rule), level);
  return text;
}

std::string outcome_of(const Walk& walk) {
  const std::optional<riscv::Exception> cause = walk.exception();
  if (!cause) return translated_to(walk.gpa);
  return fault(*cause, walk.failed_rule, walk.failed_level);
}

}  // namespace gh::mmu::test
