// g, G, p, P: registers of the general thread (Hg), in gdb's RISC-V numbering.
#include "error_codes.hpp"
#include "gdbstub/gdb_stub.hpp"
#include "gdbstub/riscv_registers.hpp"

namespace gh::gdbstub {

namespace {

constexpr size_t kGprBytes = 8;

// `size` bytes, little-endian, two hex digits each.
std::optional<uint64_t> parse_hex_le(PacketReader& packet, size_t size) {
  uint64_t value = 0;
  for (size_t i = 0; i < size; ++i) {
    const auto byte = packet.hex_byte();
    if (!byte) return std::nullopt;
    value |= static_cast<uint64_t>(*byte) << (8 * i);
  }
  return value;
}

}  // namespace

bool GdbStub::put_register(unsigned regnum) {
  const size_t size = riscv::register_size(regnum);
  uint64_t value = 0;
  const Status status = target_.read_register(general_thread(), regnum, value);
  if (status == Status::ok) {
    reply_.put_hex_le(value, size);
  } else if (status == Status::unavailable || status == Status::not_supported) {
    for (size_t i = 0; i < 2 * size; ++i) reply_.put('x');
  } else {
    return false;
  }
  return true;
}

GdbStub::Answer GdbStub::handle_read_all_registers() {
  for (unsigned regnum = 0; regnum < riscv::kGPacketRegisters; ++regnum) {
    if (!put_register(regnum)) return error(error_code::invalid);
  }
  return Answer::reply;
}

GdbStub::Answer GdbStub::handle_write_all_registers(PacketReader& packet) {
  if (packet.remaining() != 2 * kGprBytes * riscv::kGPacketRegisters) {
    return error(error_code::invalid);
  }
  for (unsigned regnum = 0; regnum < riscv::kGPacketRegisters; ++regnum) {
    const auto value = parse_hex_le(packet, kGprBytes);
    if (!value) return error(error_code::invalid);
    if (target_.write_register(general_thread(), regnum, *value) != Status::ok) {
      return error(error_code::invalid);
    }
  }
  return ok();
}

GdbStub::Answer GdbStub::handle_read_register(PacketReader& packet) {
  const auto regnum = packet.hex_number();
  if (!regnum || !packet.at_end() || riscv::register_size(static_cast<unsigned>(*regnum)) == 0 ||
      *regnum > riscv::kPriv) {
    return error(error_code::invalid);
  }
  if (!put_register(static_cast<unsigned>(*regnum))) return error(error_code::invalid);
  return Answer::reply;
}

GdbStub::Answer GdbStub::handle_write_register(PacketReader& packet) {
  const auto regnum = packet.hex_number();
  if (!regnum || *regnum > riscv::kPriv || !packet.consume('=')) {
    return error(error_code::invalid);
  }
  const size_t size = riscv::register_size(static_cast<unsigned>(*regnum));
  if (size == 0 || packet.remaining() != 2 * size) return error(error_code::invalid);
  const auto value = parse_hex_le(packet, size);
  if (!value) return error(error_code::invalid);
  const Status status =
      target_.write_register(general_thread(), static_cast<unsigned>(*regnum), *value);
  if (status != Status::ok) return error(error_code::invalid);
  return ok();
}

}  // namespace gh::gdbstub
