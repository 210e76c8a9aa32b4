// m, M, X: guest memory as the general thread (Hg) sees it.
#include <array>

#include "error_codes.hpp"
#include "gdbstub/gdb_stub.hpp"

namespace gh::gdbstub {

namespace {
constexpr size_t kChunk = 256;
// Hex doubles every byte.
constexpr uint64_t kMaxReadLength = kMaxPayload / 2;
}  // namespace

GdbStub::Answer GdbStub::handle_read_memory(PacketReader& packet) {
  uint64_t address = 0;
  uint64_t length = 0;
  if (!packet.address_and_length(address, length) || !packet.at_end()) {
    return error(error_code::invalid);
  }
  if (length > kMaxReadLength) length = kMaxReadLength;  // a shorter reply is allowed
  std::array<uint8_t, kChunk> chunk{};
  for (uint64_t done = 0; done < length;) {
    const size_t size = static_cast<size_t>(length - done < kChunk ? length - done : kChunk);
    const auto bytes = std::span<uint8_t>(chunk).first(size);
    if (target_.read_memory(general_thread(), address + done, bytes) != Status::ok) {
      if (done == 0) return error(error_code::fault);
      break;  // the readable prefix
    }
    reply_.put_hex_bytes(bytes);
    done += size;
  }
  return Answer::reply;
}

GdbStub::Answer GdbStub::handle_write_memory_hex(PacketReader& packet) {
  uint64_t address = 0;
  uint64_t length = 0;
  if (!packet.address_and_length(address, length) || !packet.consume(':') ||
      packet.remaining() != 2 * length) {
    return error(error_code::invalid);
  }
  std::array<uint8_t, kChunk> chunk{};
  for (uint64_t done = 0; done < length;) {
    const size_t size = static_cast<size_t>(length - done < kChunk ? length - done : kChunk);
    for (size_t i = 0; i < size; ++i) {
      const auto byte = packet.hex_byte();
      if (!byte) return error(error_code::invalid);
      chunk[i] = *byte;
    }
    const auto bytes = std::span<const uint8_t>(chunk).first(size);
    if (target_.write_memory(general_thread(), address + done, bytes) != Status::ok) {
      return error(error_code::fault);
    }
    done += size;
  }
  return ok();
}

GdbStub::Answer GdbStub::handle_write_memory_binary(PacketReader& packet) {
  uint64_t address = 0;
  uint64_t length = 0;
  if (!packet.address_and_length(address, length) || !packet.consume(':') ||
      packet.remaining() != length) {
    return error(error_code::invalid);
  }
  if (length == 0) return ok();  // gdb probes X support with an empty write
  if (target_.write_memory(general_thread(), address, packet.rest()) != Status::ok) {
    return error(error_code::fault);
  }
  return ok();
}

}  // namespace gh::gdbstub
