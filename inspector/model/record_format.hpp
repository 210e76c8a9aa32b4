// One line per event or problem: text for people ("vcpu0 t=123456 trap cause=2 (illegal
// instruction) pc=0x80200010 mode S->S emulated") and JSON for programs.
//
// JSON lines: {"kind":..., "vcpu":N, "seq":N, "t":N, ...fields}; addresses, PTEs and CSR
// values are hex strings ("0x80200010") so no 64-bit value loses precision; problems are
// {"kind":"problem", "problem":"sequence_gap", ...}.
#pragma once

#include <string>

#include "record.hpp"

namespace gh::model {

std::string format_text(const Event& event);
std::string format_text(const Problem& problem);
std::string format_text(const DecodedItem& item);

std::string format_json(const Event& event);
std::string format_json(const Problem& problem);
std::string format_json(const DecodedItem& item);

}  // namespace gh::model
