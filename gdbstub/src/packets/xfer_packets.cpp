// qXfer:features:read (target.xml) and qXfer:memory-map:read.
#include "error_codes.hpp"
#include "gdbstub/gdb_stub.hpp"
#include "gdbstub/xml_writer.hpp"

namespace gh::gdbstub {

namespace {
// Escaping can double every byte; keep one byte for the m/l marker.
constexpr uint64_t kMaxXferChunk = (kMaxPayload - 1) / 2;
}  // namespace

GdbStub::Answer GdbStub::handle_xfer(PacketReader& packet) {
  const bool features = packet.consume_prefix("features:read:target.xml:");
  const bool memory_map = !features && packet.consume_prefix("memory-map:read::");
  if (!features && !memory_map) return Answer::reply;  // unknown object: not supported
  if (memory_map && target_.memory_map().empty()) return Answer::reply;

  uint64_t offset = 0;
  uint64_t length = 0;
  if (!packet.address_and_length(offset, length) || !packet.at_end()) {
    return error(error_code::invalid);
  }
  if (length > kMaxXferChunk) length = kMaxXferChunk;
  reply_.put('m');
  XmlWriter out(reply_, offset, length);
  if (features) {
    write_riscv_target_xml(out);
  } else {
    write_memory_map_xml(out, target_.memory_map());
  }
  if (!out.more_after_window()) reply_.replace(0, 'l');
  return Answer::reply;
}

}  // namespace gh::gdbstub
