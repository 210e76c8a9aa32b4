#include "record_format.hpp"

#include <string>

#include "json_line.hpp"
#include "names.hpp"
#include "riscv/csr.hpp"

namespace gh::model {
namespace {

using namespace events;

std::string cause_short(uint64_t cause) {
  bool interrupt = cause & riscv::cause_interrupt_flag;
  uint64_t code = cause & ~riscv::cause_interrupt_flag;
  return (interrupt ? "irq" : "") + std::to_string(code);
}

std::string satp_text(uint64_t satp) {
  static constexpr const char* modes[16] = {"bare", "?",    "?",    "?", "?", "?", "?", "?",
                                            "sv39", "sv48", "sv57", "?", "?", "?", "?", "?"};
  std::string text = modes[satp >> 60];
  if ((satp >> 60) == 0) return text;
  return text + " root=" + hex((satp & ((1ull << 44) - 1)) << 12) +
         " asid=" + std::to_string((satp >> 44) & 0xFFFF);
}

std::string request(uint32_t id) { return "#" + std::to_string(id); }

// ---- text, one overload per record: what follows "vcpuN t=T ".

std::string text_of(const StreamHello& r) {
  return "hello wire v" + std::to_string(wire_version) + ", " + std::to_string(r.vcpu_count) +
         " vcpus, timebase " + std::to_string(r.timebase_hz) + " Hz, " +
         (r.backend == 0 ? "trap-and-emulate" : "H extension");
}

std::string text_of(const TrapRecord& r) {
  return "trap cause=" + cause_short(r.cause) + " (" + cause_text(r.cause) + ") pc=" + hex(r.pc) +
         " mode " + mode_letter(r.mode_before) + "->" + mode_letter(r.mode_after) + " " +
         handled_by_name(r.handled_by) + " tval=" + hex(r.tval) + " insn=" + hex(r.instruction);
}

std::string text_of(const ModeChangeRecord& r) {
  return std::string("mode ") + mode_letter(r.from) + "->" + mode_letter(r.to) + " pc=" + hex(r.pc);
}

std::string text_of(const CsrWriteRecord& r) {
  std::string text = "csr " + csr_name(r.csr) + " " + hex(r.old_value) + " -> " + hex(r.new_value) +
                     " pc=" + hex(r.pc);
  if (r.csr == static_cast<uint16_t>(riscv::Csr::satp)) text += " (" + satp_text(r.new_value) + ")";
  return text;
}

std::string text_of(const PageTableDiffRecord& r) {
  return std::string(table_name(r.table)) + "-pt root=" + hex(r.root) + " va=" + hex(r.va) +
         " level=" + std::to_string(r.level) + " pte@" + hex(r.pte_address) + " " + hex(r.old_pte) +
         " -> " + hex(r.new_pte) + " (" + pte_flags(r.new_pte) + ")";
}

std::string text_of(const MemoryRegionRecord& r) {
  std::string text = std::string("region ") + region_name(r.region) + " gpa=" + hex(r.gpa) +
                     " size=" + hex(r.size);
  if (r.region == RegionKind::ram) text += " hpa=" + hex(r.hpa);
  if (r.region == RegionKind::mmio) text += " device=" + std::to_string(r.device);
  if (r.request_id) text += " reply " + request(r.request_id);
  return text;
}

std::string text_of(const LifecycleRecord& r) {
  std::string text = std::string("vcpu ") + lifecycle_name(r.state) + " pc=" + hex(r.pc);
  if (r.state == LifecycleState::halted) text += " exit=" + std::to_string(r.exit_code);
  return text;
}

std::string text_of(const GdbStateRecord& r) {
  std::string text = std::string("gdb ") + gdb_action_name(r.action);
  if (r.action == GdbAction::stop) text += std::string(" (") + gdb_reason_name(r.reason) + ")";
  return text + " pc=" + hex(r.pc);
}

std::string text_of(const DropCountRecord& r) {
  return "dropped " + std::to_string(r.dropped) + " events (seq " +
         std::to_string(r.first_lost_sequence) + ".." +
         std::to_string(r.first_lost_sequence + r.dropped - 1) + ", ring full), " +
         std::to_string(r.total_dropped) + " in total";
}

std::string text_of(const VcpuStateRecord& r) {
  return "state " + request(r.request_id) + " mode=" + mode_letter(r.mode) + " " +
         lifecycle_name(r.state) + " pc=" + hex(r.pc) + " mstatus=" + hex(r.mstatus) +
         " satp=" + hex(r.satp) + " mtvec=" + hex(r.mtvec) + " stvec=" + hex(r.stvec) +
         " mepc=" + hex(r.mepc) + " sepc=" + hex(r.sepc) + " mcause=" + hex(r.mcause) +
         " scause=" + hex(r.scause) + " mtval=" + hex(r.mtval) + " stval=" + hex(r.stval) +
         " medeleg=" + hex(r.medeleg) + " mideleg=" + hex(r.mideleg) + " mie=" + hex(r.mie) +
         " mip=" + hex(r.mip);
}

std::string steps_text(const TranslationRecord& r) {
  std::string text;
  for (unsigned i = 0; i < r.step_count && i < max_walk_steps; ++i) {
    const WalkStepRecord& s = r.steps[i];
    text += " [L" + std::to_string(s.level) + " idx=" + std::to_string(s.index) + " pte@" +
            hex(s.pte_gpa) + "=" + hex(s.pte) + " " + pte_flags(s.pte) + "]";
  }
  return text;
}

std::string text_of(const TranslationRecord& r) {
  std::string text = "translate " + request(r.request_id) + " " + access_name(r.access) +
                     " gva=" + hex(r.gva) + " satp=" + hex(r.satp);
  if (r.outcome == WalkOutcome::translated) {
    text += " -> gpa=" + hex(r.gpa) + " (" + region_name(r.region) + ")";
    if (r.region == RegionKind::ram) text += " hpa=" + hex(r.hpa);
  } else {
    text += std::string(" -> ") + walk_outcome_name(r.outcome) + ": " +
            walk_rule_text(r.failed_rule) + " at level " + std::to_string(r.failed_level);
  }
  return text + steps_text(r);
}

std::string text_of(const PageTableEntryRecord& r) {
  return "pt-entry " + request(r.request_id) + " " + table_name(r.table) + " root=" + hex(r.root) +
         " level=" + std::to_string(r.level) + " idx=" + std::to_string(r.index) +
         " va=" + hex(r.va) + " pte@" + hex(r.pte_address) + "=" + hex(r.pte) + " (" +
         pte_flags(r.pte) + ")";
}

std::string text_of(const ReplyEndRecord& r) {
  return "reply " + request(r.request_id) + " done: " + record_kind_name(r.request) + ", " +
         std::to_string(r.record_count) + " records, " + reply_status_name(r.status);
}

std::string text_of(const SetFilterCommand& r) {
  return "command set-filter " + request(r.request_id) + " classes=" + hex(r.class_mask) +
         " vcpus=" + hex(r.vcpu_mask) + " range=" + hex(r.address_begin) + ".." +
         hex(r.address_end);
}

std::string text_of(const RequestVcpuStateCommand& r) {
  return "command snapshot-vcpu " + request(r.request_id);
}

std::string text_of(const RequestPageTableCommand& r) {
  return "command snapshot-pt " + request(r.request_id) + " " + table_name(r.table) +
         " root=" + hex(r.root);
}

std::string text_of(const RequestMemoryMapCommand& r) {
  return "command snapshot-map " + request(r.request_id);
}

std::string text_of(const RequestTranslationCommand& r) {
  return "command translate " + request(r.request_id) + " " + access_name(r.access) +
         " gva=" + hex(r.gva);
}

std::string vcpu_text(uint16_t vcpu) {
  return vcpu == all_vcpus ? "all" : "vcpu" + std::to_string(vcpu);
}

// ---- JSON, one overload per record: the fields after the common ones.

void json_of(JsonLine& j, const StreamHello& r) {
  j.number("version", wire_version).number("vcpu_count", r.vcpu_count);
  j.number("timebase_hz", static_cast<int64_t>(r.timebase_hz));
  j.text("backend", r.backend == 0 ? "trap-and-emulate" : "h-extension");
}

void json_of(JsonLine& j, const TrapRecord& r) {
  j.hex("cause", r.cause).text("cause_name", cause_text(r.cause)).hex("pc", r.pc);
  j.hex("tval", r.tval).hex("instruction", r.instruction);
  j.text("mode_before", mode_letter(r.mode_before)).text("mode_after", mode_letter(r.mode_after));
  j.text("handled_by", handled_by_name(r.handled_by));
}

void json_of(JsonLine& j, const ModeChangeRecord& r) {
  j.text("from", mode_letter(r.from)).text("to", mode_letter(r.to)).hex("pc", r.pc);
}

void json_of(JsonLine& j, const CsrWriteRecord& r) {
  j.hex("csr", r.csr).text("csr_name", csr_name(r.csr));
  j.hex("old", r.old_value).hex("new", r.new_value).hex("pc", r.pc);
}

void json_of(JsonLine& j, const PageTableDiffRecord& r) {
  j.text("table", table_name(r.table)).hex("root", r.root).hex("va", r.va);
  j.number("level", r.level).hex("pte_address", r.pte_address);
  j.hex("old", r.old_pte).hex("new", r.new_pte);
}

void json_of(JsonLine& j, const MemoryRegionRecord& r) {
  j.text("region", region_name(r.region)).hex("gpa", r.gpa).hex("size", r.size);
  j.hex("hpa", r.hpa).number("device", r.device).number("request_id", r.request_id);
}

void json_of(JsonLine& j, const LifecycleRecord& r) {
  j.text("state", lifecycle_name(r.state)).hex("pc", r.pc).number("exit_code", r.exit_code);
}

void json_of(JsonLine& j, const GdbStateRecord& r) {
  j.text("action", gdb_action_name(r.action)).text("reason", gdb_reason_name(r.reason));
  j.hex("pc", r.pc);
}

void json_of(JsonLine& j, const DropCountRecord& r) {
  j.number("dropped", r.dropped).number("first_lost_sequence", r.first_lost_sequence);
  j.number("total_dropped", static_cast<int64_t>(r.total_dropped));
}

void json_of(JsonLine& j, const VcpuStateRecord& r) {
  j.number("request_id", r.request_id).text("mode", mode_letter(r.mode));
  j.text("state", lifecycle_name(r.state)).hex("pc", r.pc).hex("mstatus", r.mstatus);
  j.hex("satp", r.satp).hex("mtvec", r.mtvec).hex("stvec", r.stvec).hex("mepc", r.mepc);
  j.hex("sepc", r.sepc).hex("mcause", r.mcause).hex("scause", r.scause).hex("mtval", r.mtval);
  j.hex("stval", r.stval).hex("medeleg", r.medeleg).hex("mideleg", r.mideleg);
  j.hex("mie", r.mie).hex("mip", r.mip);
}

std::string steps_json(const TranslationRecord& r) {
  std::string json = "[";
  for (unsigned i = 0; i < r.step_count && i < max_walk_steps; ++i) {
    const WalkStepRecord& s = r.steps[i];
    JsonLine step;
    step.number("level", s.level).number("index", s.index).hex("table_gpa", s.table_gpa);
    step.hex("pte_gpa", s.pte_gpa).hex("pte", s.pte);
    json += (i ? "," : "") + step.str();
  }
  return json + "]";
}

void json_of(JsonLine& j, const TranslationRecord& r) {
  j.number("request_id", r.request_id).text("access", access_name(r.access));
  j.hex("gva", r.gva).hex("satp", r.satp).text("outcome", walk_outcome_name(r.outcome));
  j.hex("gpa", r.gpa).hex("hpa", r.hpa).text("region", region_name(r.region));
  j.text("failed_rule", walk_rule_text(r.failed_rule)).number("failed_level", r.failed_level);
  j.number("leaf_level", r.leaf_level).hex("leaf_pte", r.leaf_pte);
  j.boolean("translated_by_tables", r.translated_by_tables != 0).raw("steps", steps_json(r));
}

void json_of(JsonLine& j, const PageTableEntryRecord& r) {
  j.number("request_id", r.request_id).text("table", table_name(r.table)).hex("root", r.root);
  j.number("level", r.level).number("index", r.index).hex("va", r.va);
  j.hex("pte_address", r.pte_address).hex("pte", r.pte);
}

void json_of(JsonLine& j, const ReplyEndRecord& r) {
  j.number("request_id", r.request_id).text("request", record_kind_name(r.request));
  j.text("status", reply_status_name(r.status)).number("record_count", r.record_count);
}

void json_of(JsonLine& j, const SetFilterCommand& r) {
  j.number("request_id", r.request_id).hex("class_mask", r.class_mask);
  j.hex("vcpu_mask", r.vcpu_mask).hex("address_begin", r.address_begin);
  j.hex("address_end", r.address_end);
}

void json_of(JsonLine& j, const RequestVcpuStateCommand& r) {
  j.number("request_id", r.request_id);
}

void json_of(JsonLine& j, const RequestPageTableCommand& r) {
  j.number("request_id", r.request_id).text("table", table_name(r.table)).hex("root", r.root);
}

void json_of(JsonLine& j, const RequestMemoryMapCommand& r) {
  j.number("request_id", r.request_id);
}

void json_of(JsonLine& j, const RequestTranslationCommand& r) {
  j.number("request_id", r.request_id).text("access", access_name(r.access)).hex("gva", r.gva);
}

std::string problem_detail(const Problem& p) {
  switch (p.kind) {
    case ProblemKind::corrupt_frame:
      return "corrupt frame skipped at byte " + std::to_string(p.stream_offset) + " (" +
             frame_error_name(p.error) + ", " + std::to_string(p.bytes) + " bytes)";
    case ProblemKind::joined_mid_stream:
      return "joined mid-stream: skipped " + std::to_string(p.bytes) +
             " bytes before the first frame";
    case ProblemKind::sequence_gap:
      return vcpu_text(p.vcpu) + " gap: " + std::to_string(p.missing) + " events missing (seq " +
             std::to_string(p.expected_sequence) + ".." +
             std::to_string(p.expected_sequence + p.missing - 1) + ")";
    case ProblemKind::sequence_restart:
      return vcpu_text(p.vcpu) + " sequence restarted (expected " +
             std::to_string(p.expected_sequence) + ")";
    case ProblemKind::truncated_end:
      return "stream ends inside a frame (" + std::to_string(p.bytes) + " bytes lost)";
  }
  return "?";
}

}  // namespace

std::string format_text(const Event& event) {
  std::string body = std::visit([](const auto& record) { return text_of(record); }, event.record);
  return vcpu_text(event.header.vcpu) + " t=" + std::to_string(event.header.timestamp) + " " + body;
}

std::string format_text(const Problem& problem) { return "! " + problem_detail(problem); }

std::string format_text(const DecodedItem& item) {
  return std::visit([](const auto& value) { return format_text(value); }, item);
}

std::string format_json(const Event& event) {
  JsonLine j;
  j.text("kind", record_kind_name(event.header.kind));
  if (event.header.vcpu == all_vcpus) {
    j.text("vcpu", "all");
  } else {
    j.number("vcpu", event.header.vcpu);
  }
  j.number("seq", event.header.sequence);
  j.number("t", static_cast<int64_t>(event.header.timestamp));
  std::visit([&](const auto& record) { json_of(j, record); }, event.record);
  return j.str();
}

std::string format_json(const Problem& problem) {
  JsonLine j;
  j.text("kind", "problem").text("problem", problem_kind_name(problem.kind));
  j.text("message", problem_detail(problem));
  j.number("offset", static_cast<int64_t>(problem.stream_offset));
  j.number("bytes", static_cast<int64_t>(problem.bytes));
  if (problem.kind == ProblemKind::sequence_gap || problem.kind == ProblemKind::sequence_restart) {
    j.number("vcpu", problem.vcpu).number("expected_seq", problem.expected_sequence);
    j.number("missing", problem.missing);
  }
  if (problem.kind == ProblemKind::corrupt_frame) j.text("error", frame_error_name(problem.error));
  return j.str();
}

std::string format_json(const DecodedItem& item) {
  return std::visit([](const auto& value) { return format_json(value); }, item);
}

}  // namespace gh::model
