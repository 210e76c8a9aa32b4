// A tiny RV64I interpreter for the end-to-end test: enough to run a small C program
// compiled with -march=rv64i -O0 (integer ops, loads/stores, branches, jal/jalr, ebreak).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace gh::demo {

class GuestMemory {
 public:
  GuestMemory(uint64_t base, size_t size) : base_(base), bytes_(size, 0) {}
  bool contains(uint64_t address, size_t size) const {
    return address >= base_ && address - base_ <= bytes_.size() &&
           size <= bytes_.size() - (address - base_);
  }
  bool read(uint64_t address, size_t size, uint64_t& value) const;
  bool write(uint64_t address, size_t size, uint64_t value);
  uint64_t base() const { return base_; }
  size_t size() const { return bytes_.size(); }

 private:
  uint64_t base_;
  std::vector<uint8_t> bytes_;
};

struct DataAccess {
  bool is_store;
  uint64_t address;
  size_t size;
};

enum class StepResult { ok, breakpoint_instruction, illegal_instruction, access_fault };

struct Hart {
  uint64_t x[32] = {};
  uint64_t pc = 0;
  uint64_t hart_id = 0;

  // The load or store the instruction at pc would make, if any (for watchpoints).
  std::optional<DataAccess> next_data_access(const GuestMemory& memory) const;
  StepResult step(GuestMemory& memory);

 private:
  StepResult execute(uint32_t insn, GuestMemory& memory);
  StepResult load(uint32_t insn, const GuestMemory& memory);
  StepResult store(uint32_t insn, GuestMemory& memory);
  void op_immediate(uint32_t insn, bool word);
  bool op_register(uint32_t insn, bool word);
  void branch(uint32_t insn);
};

}  // namespace gh::demo
