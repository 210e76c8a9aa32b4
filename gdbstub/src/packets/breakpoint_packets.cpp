// Z0..Z4 / z0..z4: software and hardware breakpoints, write/read/access watchpoints.
#include "error_codes.hpp"
#include "gdbstub/gdb_stub.hpp"

namespace gh::gdbstub {

GdbStub::Answer GdbStub::handle_breakpoint(PacketReader& packet, bool insert) {
  const auto type = packet.hex_number();
  uint64_t address = 0;
  uint64_t kind = 0;
  if (!type || !packet.consume(',') || !packet.address_and_length(address, kind)) {
    return error(error_code::invalid);
  }
  // Conditions and commands (;X...) are target-side extensions we do not offer: ignore.
  if (!packet.at_end() && !packet.consume(';')) return error(error_code::invalid);
  if (*type > static_cast<uint64_t>(BreakpointType::access_watch)) return Answer::reply;

  const Breakpoint breakpoint{static_cast<BreakpointType>(*type), address, kind};
  const Status status =
      insert ? target_.add_breakpoint(breakpoint) : target_.remove_breakpoint(breakpoint);
  switch (status) {
    case Status::ok:
      return ok();
    case Status::not_supported:
      return Answer::reply;  // gdb falls back (e.g. to writing ebreak itself)
    case Status::fault:
      return error(error_code::fault);
    default:
      return error(error_code::invalid);
  }
}

}  // namespace gh::gdbstub
