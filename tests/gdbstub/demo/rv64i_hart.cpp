#include "rv64i_hart.hpp"

namespace gh::demo {

namespace {

uint32_t rd(uint32_t insn) { return (insn >> 7) & 31; }
uint32_t rs1(uint32_t insn) { return (insn >> 15) & 31; }
uint32_t rs2(uint32_t insn) { return (insn >> 20) & 31; }
uint32_t funct3(uint32_t insn) { return (insn >> 12) & 7; }
uint32_t funct7(uint32_t insn) { return insn >> 25; }
int64_t imm_i(uint32_t insn) { return static_cast<int32_t>(insn) >> 20; }
int64_t imm_s(uint32_t insn) {
  return (int64_t{static_cast<int32_t>(insn) >> 25} << 5) | int64_t{(insn >> 7) & 31};
}
int64_t imm_b(uint32_t insn) {
  return (int64_t{static_cast<int32_t>(insn) >> 31} << 12) | int64_t{((insn >> 7) & 1) << 11} |
         int64_t{((insn >> 25) & 63) << 5} | int64_t{((insn >> 8) & 15) << 1};
}
int64_t imm_u(uint32_t insn) { return static_cast<int32_t>(insn & 0xFFFFF000u); }
int64_t imm_j(uint32_t insn) {
  return (int64_t{static_cast<int32_t>(insn) >> 31} << 20) | int64_t{insn & 0xFF000} |
         int64_t{((insn >> 20) & 1) << 11} | int64_t{((insn >> 21) & 1023) << 1};
}
int64_t sign_extend_word(uint64_t value) {
  return static_cast<int32_t>(static_cast<uint32_t>(value));
}

constexpr uint32_t kLoad = 0x03, kFence = 0x0F, kOpImm = 0x13, kAuipc = 0x17, kOpImm32 = 0x1B,
                   kStore = 0x23, kOp = 0x33, kLui = 0x37, kOp32 = 0x3B, kBranch = 0x63,
                   kJalr = 0x67, kJal = 0x6F, kSystem = 0x73;
constexpr uint32_t kEbreak = 0x00100073;

}  // namespace

bool GuestMemory::read(uint64_t address, size_t size, uint64_t& value) const {
  if (!contains(address, size)) return false;
  value = 0;
  for (size_t i = 0; i < size; ++i) value |= uint64_t{bytes_[address - base_ + i]} << (8 * i);
  return true;
}

bool GuestMemory::write(uint64_t address, size_t size, uint64_t value) {
  if (!contains(address, size)) return false;
  for (size_t i = 0; i < size; ++i)
    bytes_[address - base_ + i] = static_cast<uint8_t>(value >> (8 * i));
  return true;
}

std::optional<DataAccess> Hart::next_data_access(const GuestMemory& memory) const {
  uint64_t insn = 0;
  if (!memory.read(pc, 4, insn)) return std::nullopt;
  const uint32_t opcode = insn & 0x7F;
  const size_t size = size_t{1} << (funct3(static_cast<uint32_t>(insn)) & 3);
  if (opcode == kLoad) return DataAccess{false, x[rs1(insn)] + imm_i(insn), size};
  if (opcode == kStore) return DataAccess{true, x[rs1(insn)] + imm_s(insn), size};
  return std::nullopt;
}

StepResult Hart::step(GuestMemory& memory) {
  uint64_t insn = 0;
  if (!memory.read(pc, 4, insn)) return StepResult::access_fault;
  const StepResult result = execute(static_cast<uint32_t>(insn), memory);
  x[0] = 0;
  return result;
}

StepResult Hart::execute(uint32_t insn, GuestMemory& memory) {
  const uint64_t next = pc + 4;
  switch (insn & 0x7F) {
    case kLui:
      x[rd(insn)] = imm_u(insn);
      break;
    case kAuipc:
      x[rd(insn)] = pc + imm_u(insn);
      break;
    case kJal:
      x[rd(insn)] = next;
      pc += imm_j(insn);
      return StepResult::ok;
    case kJalr: {
      const uint64_t target = (x[rs1(insn)] + imm_i(insn)) & ~uint64_t{1};
      x[rd(insn)] = next;
      pc = target;
      return StepResult::ok;
    }
    case kBranch:
      branch(insn);
      return StepResult::ok;
    case kLoad:
      if (load(insn, memory) != StepResult::ok) return StepResult::access_fault;
      break;
    case kStore:
      if (store(insn, memory) != StepResult::ok) return StepResult::access_fault;
      break;
    case kOpImm:
      op_immediate(insn, false);
      break;
    case kOpImm32:
      op_immediate(insn, true);
      break;
    case kOp:
      if (!op_register(insn, false)) return StepResult::illegal_instruction;
      break;
    case kOp32:
      if (!op_register(insn, true)) return StepResult::illegal_instruction;
      break;
    case kFence:
      break;
    case kSystem:
      if (insn == kEbreak) return StepResult::breakpoint_instruction;
      return StepResult::illegal_instruction;
    default:
      return StepResult::illegal_instruction;
  }
  pc = next;
  return StepResult::ok;
}

StepResult Hart::load(uint32_t insn, const GuestMemory& memory) {
  const size_t size = size_t{1} << (funct3(insn) & 3);
  const bool is_unsigned = funct3(insn) & 4;
  uint64_t value = 0;
  if (!memory.read(x[rs1(insn)] + imm_i(insn), size, value)) return StepResult::access_fault;
  if (!is_unsigned && size < 8) {
    const unsigned shift = 64 - 8 * static_cast<unsigned>(size);
    value = static_cast<uint64_t>(static_cast<int64_t>(value << shift) >> shift);
  }
  x[rd(insn)] = value;
  return StepResult::ok;
}

StepResult Hart::store(uint32_t insn, GuestMemory& memory) {
  const size_t size = size_t{1} << (funct3(insn) & 3);
  if (!memory.write(x[rs1(insn)] + imm_s(insn), size, x[rs2(insn)]))
    return StepResult::access_fault;
  return StepResult::ok;
}

void Hart::op_immediate(uint32_t insn, bool word) {
  const uint64_t a = x[rs1(insn)];
  const int64_t imm = imm_i(insn);
  const unsigned shamt = (insn >> 20) & (word ? 31 : 63);
  const bool arithmetic = (insn >> 30) & 1;
  uint64_t result = 0;
  switch (funct3(insn)) {
    case 0:
      result = a + imm;
      break;
    case 1:
      result = word ? uint32_t(a) << shamt : a << shamt;
      break;
    case 2:
      result = static_cast<int64_t>(a) < imm;
      break;
    case 3:
      result = a < static_cast<uint64_t>(imm);
      break;
    case 4:
      result = a ^ imm;
      break;
    case 5:
      if (word) {
        result = arithmetic ? uint64_t(int32_t(a) >> shamt) : uint32_t(a) >> shamt;
      } else {
        result = arithmetic ? uint64_t(int64_t(a) >> shamt) : a >> shamt;
      }
      break;
    case 6:
      result = a | imm;
      break;
    case 7:
      result = a & imm;
      break;
  }
  x[rd(insn)] = word ? sign_extend_word(result) : result;
}

bool Hart::op_register(uint32_t insn, bool word) {
  if (funct7(insn) != 0 && funct7(insn) != 0x20) return false;  // no M extension
  const uint64_t a = x[rs1(insn)];
  const uint64_t b = x[rs2(insn)];
  const unsigned shamt = b & (word ? 31 : 63);
  const bool alternate = funct7(insn) == 0x20;
  uint64_t result = 0;
  switch (funct3(insn)) {
    case 0:
      result = alternate ? a - b : a + b;
      break;
    case 1:
      result = word ? uint32_t(a) << shamt : a << shamt;
      break;
    case 2:
      result = static_cast<int64_t>(a) < static_cast<int64_t>(b);
      break;
    case 3:
      result = a < b;
      break;
    case 4:
      result = a ^ b;
      break;
    case 5:
      if (word) {
        result = alternate ? uint64_t(int32_t(a) >> shamt) : uint32_t(a) >> shamt;
      } else {
        result = alternate ? uint64_t(int64_t(a) >> shamt) : a >> shamt;
      }
      break;
    case 6:
      result = a | b;
      break;
    case 7:
      result = a & b;
      break;
  }
  x[rd(insn)] = word ? sign_extend_word(result) : result;
  return true;
}

void Hart::branch(uint32_t insn) {
  const uint64_t a = x[rs1(insn)];
  const uint64_t b = x[rs2(insn)];
  bool taken = false;
  switch (funct3(insn)) {
    case 0:
      taken = a == b;
      break;
    case 1:
      taken = a != b;
      break;
    case 4:
      taken = int64_t(a) < int64_t(b);
      break;
    case 5:
      taken = int64_t(a) >= int64_t(b);
      break;
    case 6:
      taken = a < b;
      break;
    case 7:
      taken = a >= b;
      break;
    default:
      break;
  }
  pc = taken ? pc + imm_b(insn) : pc + 4;
}

}  // namespace gh::demo
