// Commands typed by a person (gh-events --send '...'):
//   filter [classes=trap,mode,csr,guest-pt,shadow-pt,map,lifecycle,gdb|all]
//          [vcpus=0,1|all] [range=BEGIN-END]
//   translate vcpu=N gva=ADDR [access=load|store|fetch]
//   snapshot-vcpu vcpu=N
//   snapshot-pt vcpu=N [table=guest|shadow] [root=ADDR]     (root 0: the current one)
//   snapshot-map
// Numbers are decimal or 0x-hex.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "events/wire_format.hpp"

namespace gh::model {

using Command = std::variant<events::SetFilterCommand, events::RequestVcpuStateCommand,
                             events::RequestPageTableCommand, events::RequestMemoryMapCommand,
                             events::RequestTranslationCommand>;

struct ParsedCommand {
  Command command;
  uint16_t vcpu = events::all_vcpus;  // the target
  std::string error;                  // non-empty: the text was not a valid command
};

ParsedCommand parse_command(const std::string& text);

// The syntax above, for --help and error messages.
const char* command_syntax();

}  // namespace gh::model
