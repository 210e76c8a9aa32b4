#include "command_text.hpp"

#include <map>
#include <optional>
#include <sstream>
#include <vector>

namespace gh::model {
namespace {

using namespace events;

std::optional<uint64_t> parse_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  try {
    size_t used = 0;
    uint64_t value = std::stoull(text, &used, 0);
    if (used != text.size()) return std::nullopt;
    return value;
  } catch (...) {
    return std::nullopt;
  }
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator)) parts.push_back(part);
  return parts;
}

std::optional<uint32_t> class_bit(const std::string& name) {
  static const std::map<std::string, uint32_t> classes = {
      {"trap", event_class::trap},
      {"mode", event_class::mode_change},
      {"csr", event_class::csr_write},
      {"guest-pt", event_class::guest_page_table},
      {"shadow-pt", event_class::shadow_page_table},
      {"map", event_class::memory_map},
      {"lifecycle", event_class::lifecycle},
      {"gdb", event_class::gdb},
      {"all", event_class::all}};
  auto found = classes.find(name);
  if (found == classes.end()) return std::nullopt;
  return found->second;
}

using Options = std::map<std::string, std::string>;

struct Parser {
  Options options;
  std::string error;

  bool fail(const std::string& message) {
    if (error.empty()) error = message;
    return false;
  }

  std::optional<uint64_t> number(const std::string& key, std::optional<uint64_t> fallback) {
    auto found = options.find(key);
    if (found == options.end()) {
      if (!fallback) fail("missing " + key + "=");
      return fallback;
    }
    auto value = parse_number(found->second);
    if (!value) fail("bad number in " + key + "=" + found->second);
    return value;
  }

  bool only(std::initializer_list<const char*> allowed) {
    for (const auto& [key, value] : options) {
      bool known = false;
      for (const char* name : allowed) known = known || key == name;
      if (!known) return fail("unknown option " + key + "=");
    }
    return true;
  }
};

void parse_classes(Parser& p, SetFilterCommand& filter) {
  auto found = p.options.find("classes");
  if (found == p.options.end()) return;
  filter.class_mask = 0;
  for (const std::string& name : split(found->second, ',')) {
    if (auto bit = class_bit(name)) {
      filter.class_mask |= *bit;
    } else {
      p.fail("unknown event class '" + name + "'");
    }
  }
}

void parse_vcpus(Parser& p, SetFilterCommand& filter) {
  auto found = p.options.find("vcpus");
  if (found == p.options.end() || found->second == "all") return;
  filter.vcpu_mask = 0;
  for (const std::string& item : split(found->second, ',')) {
    auto vcpu = parse_number(item);
    if (!vcpu || *vcpu > 63) {
      p.fail("bad vCPU '" + item + "' (0..63)");
      continue;
    }
    filter.vcpu_mask |= uint64_t{1} << *vcpu;
  }
}

void parse_range(Parser& p, SetFilterCommand& filter) {
  auto found = p.options.find("range");
  if (found == p.options.end()) return;
  auto dash = found->second.find('-');
  auto begin = parse_number(found->second.substr(0, dash));
  auto end =
      dash == std::string::npos ? std::nullopt : parse_number(found->second.substr(dash + 1));
  if (!begin || !end || *end <= *begin) {
    p.fail("bad range '" + found->second + "' (BEGIN-END, END > BEGIN)");
    return;
  }
  filter.address_begin = *begin;
  filter.address_end = *end;
}

ParsedCommand parse_filter(Parser& p) {
  SetFilterCommand filter;
  p.only({"classes", "vcpus", "range"});
  parse_classes(p, filter);
  parse_vcpus(p, filter);
  parse_range(p, filter);
  return {filter, all_vcpus, p.error};
}

std::optional<uint16_t> target_vcpu(Parser& p) {
  auto vcpu = p.number("vcpu", std::nullopt);
  if (vcpu && *vcpu >= all_vcpus) p.fail("bad vcpu=");
  return vcpu ? std::optional<uint16_t>(static_cast<uint16_t>(*vcpu)) : std::nullopt;
}

ParsedCommand parse_translate(Parser& p) {
  RequestTranslationCommand request;
  p.only({"vcpu", "gva", "access"});
  auto vcpu = target_vcpu(p);
  request.gva = p.number("gva", std::nullopt).value_or(0);
  std::string access = p.options.count("access") ? p.options["access"] : "load";
  if (access == "fetch") {
    request.access = AccessKind::fetch;
  } else if (access == "store") {
    request.access = AccessKind::store;
  } else if (access != "load") {
    p.fail("bad access=" + access + " (load, store or fetch)");
  }
  return {request, vcpu.value_or(0), p.error};
}

ParsedCommand parse_snapshot_pt(Parser& p) {
  RequestPageTableCommand request;
  p.only({"vcpu", "table", "root"});
  auto vcpu = target_vcpu(p);
  request.root = p.number("root", 0).value_or(0);
  std::string table = p.options.count("table") ? p.options["table"] : "guest";
  if (table == "shadow") {
    request.table = PageTableKind::shadow;
  } else if (table == "g-stage") {
    request.table = PageTableKind::g_stage;
  } else if (table != "guest") {
    p.fail("bad table=" + table + " (guest, shadow or g-stage)");
  }
  return {request, vcpu.value_or(0), p.error};
}

}  // namespace

const char* command_syntax() {
  return "      filter [classes=trap,mode,csr,guest-pt,shadow-pt,map,lifecycle,gdb|all]\n"
         "             [vcpus=0,1|all] [range=BEGIN-END]\n"
         "      translate vcpu=N gva=ADDR [access=load|store|fetch]\n"
         "      snapshot-vcpu vcpu=N\n"
         "      snapshot-pt vcpu=N [table=guest|shadow] [root=ADDR]\n"
         "      snapshot-map\n";
}

ParsedCommand parse_command(const std::string& text) {
  std::vector<std::string> words;
  for (const std::string& word : split(text, ' ')) {
    if (!word.empty()) words.push_back(word);
  }
  if (words.empty()) return {events::SetFilterCommand{}, all_vcpus, "empty command"};
  Parser p;
  for (size_t i = 1; i < words.size(); ++i) {
    auto equals = words[i].find('=');
    if (equals == std::string::npos) {
      p.fail("expected KEY=VALUE, got '" + words[i] + "'");
      continue;
    }
    p.options[words[i].substr(0, equals)] = words[i].substr(equals + 1);
  }
  const std::string& verb = words[0];
  ParsedCommand parsed;
  if (verb == "filter") {
    parsed = parse_filter(p);
  } else if (verb == "translate") {
    parsed = parse_translate(p);
  } else if (verb == "snapshot-vcpu") {
    p.only({"vcpu"});
    auto vcpu = target_vcpu(p);
    parsed = {RequestVcpuStateCommand{}, vcpu.value_or(0), p.error};
  } else if (verb == "snapshot-pt") {
    parsed = parse_snapshot_pt(p);
  } else if (verb == "snapshot-map") {
    p.only({});
    parsed = {RequestMemoryMapCommand{}, all_vcpus, p.error};
  } else {
    parsed.error = "unknown command '" + verb + "'";
  }
  if (!parsed.error.empty()) parsed.error = "bad command '" + text + "': " + parsed.error;
  return parsed;
}

}  // namespace gh::model
