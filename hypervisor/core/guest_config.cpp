#include "core/guest_config.hpp"

namespace gh::core {
namespace {

bool parse_decimal(std::string_view s, uint64_t& value) {
  if (s.empty() || s.size() > 18) return false;
  value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

bool apply(std::string_view key, std::string_view value, GuestConfig& config) {
  uint64_t number = 0;
  if (key == "gh.smp") {
    if (!parse_decimal(value, number) || number == 0 || number > GuestConfig::max_vcpus)
      return false;
    config.vcpus = static_cast<uint32_t>(number);
    return true;
  }
  if (key == "gh.mem") {
    if (!parse_decimal(value, number) || number < 2 || number > 65536) return false;
    config.memory_bytes = number << 20;
    return true;
  }
  if (key == "gh.disk_base" || key == "gh.disk_size") {
    if (!parse_decimal(value, number)) return false;
    (key == "gh.disk_base" ? config.disk_base : config.disk_size) = number;
    return true;
  }
  if (key == "gh.mmu") {
    if (value != "39" && value != "48") return false;
    config.sv48 = value == "48";
    return true;
  }
  if (key == "gh.disk_pci" || key == "gh.events_pci") {
    // PCI device numbers are 0..31; 0 is the host bridge.
    if (!parse_decimal(value, number) || number == 0 || number > 31) return false;
    (key == "gh.disk_pci" ? config.disk_pci_slot : config.events_pci_slot) =
        static_cast<uint32_t>(number);
    return true;
  }
  if (key == "gh.stats") {
    if (value != "0" && value != "1") return false;
    config.stats = value == "1";
    return true;
  }
  if (key == "gh.events") {
    if (value != "0" && value != "1") return false;
    config.events = value == "1";
    return true;
  }
  if (key == "gh.boot") {
    if (value == "m")
      config.boot = BootStyle::machine;
    else if (value == "s")
      config.boot = BootStyle::supervisor;
    else
      return false;
    return true;
  }
  if (key == "gh.wait_gdb") {
    if (value != "0" && value != "1") return false;
    config.wait_gdb = value == "1";
    return true;
  }
  if (key == "gh.gdb") {
    if (value == "uart")
      config.gdb_transport = GdbTransport::uart;
    else if (value == "virtio")
      config.gdb_transport = GdbTransport::virtio_console;
    else
      return false;
    return true;
  }
  if (key == "gh.backend") {
    if (value == "tae")
      config.backend = Backend::trap_and_emulate;
    else if (value == "hext")
      config.backend = Backend::h_extension;
    else
      return false;
    return true;
  }
  return false;
}

}  // namespace

bool parse_guest_config(std::string_view bootargs, GuestConfig& config,
                        std::string_view& bad_word) {
  while (!bootargs.empty()) {
    size_t start = bootargs.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    bootargs.remove_prefix(start);
    size_t end = bootargs.find(' ');
    std::string_view word = bootargs.substr(0, end);
    bootargs = end == std::string_view::npos ? std::string_view{} : bootargs.substr(end);
    size_t eq = word.find('=');
    if (eq == std::string_view::npos || !apply(word.substr(0, eq), word.substr(eq + 1), config)) {
      bad_word = word;
      return false;
    }
  }
  return true;
}

}  // namespace gh::core
