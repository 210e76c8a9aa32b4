#include "ctf_writer.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "names.hpp"

namespace gh::model {
namespace {

using namespace events;

constexpr uint32_t ctf_magic = 0xC1FC1FC1;
constexpr uint64_t default_timebase_hz = 10'000'000;  // QEMU virt's timebase

// Describes (schema) or serialises (data) one event's fields, from the same code.
class Payload {
 public:
  explicit Payload(std::vector<uint8_t>* data) : data_(data) {}

  void u8(const char* name, uint64_t v) { field("uint8_t", name, v, 1); }
  void s8(const char* name, int64_t v) { field("int8_t", name, static_cast<uint64_t>(v), 1); }
  void u16(const char* name, uint64_t v) { field("uint16_t", name, v, 2); }
  void u32(const char* name, uint64_t v) { field("uint32_t", name, v, 4); }
  void u64(const char* name, uint64_t v) { field("uint64_t", name, v, 8); }
  void x32(const char* name, uint64_t v) { field("hex32_t", name, v, 4); }
  void x64(const char* name, uint64_t v) { field("hex64_t", name, v, 8); }
  void str(const char* name, const std::string& v) {
    schema_ += "\t\tstring " + std::string(name) + ";\n";
    if (data_) data_->insert(data_->end(), v.c_str(), v.c_str() + v.size() + 1);
  }
  [[nodiscard]] const std::string& schema() const { return schema_; }

 private:
  void field(const char* type, const char* name, uint64_t value, int bytes) {
    schema_ += "\t\t" + std::string(type) + " " + name + ";\n";
    if (!data_) return;
    for (int i = 0; i < bytes; ++i) data_->push_back(static_cast<uint8_t>(value >> (8 * i)));
  }

  std::vector<uint8_t>* data_;
  std::string schema_;
};

void fields(Payload& p, const StreamHello& r) {
  p.u16("vcpu_count", r.vcpu_count);
  p.u64("timebase_hz", r.timebase_hz);
  p.str("backend", r.backend == 0 ? "trap-and-emulate" : "h-extension");
}

void fields(Payload& p, const TrapRecord& r) {
  p.x64("cause", r.cause);
  p.str("cause_name", cause_text(r.cause));
  p.x64("pc", r.pc);
  p.x64("tval", r.tval);
  p.x32("instruction", r.instruction);
  p.str("mode_before", mode_letter(r.mode_before));
  p.str("mode_after", mode_letter(r.mode_after));
  p.str("handled_by", handled_by_name(r.handled_by));
}

void fields(Payload& p, const ModeChangeRecord& r) {
  p.str("from", mode_letter(r.from));
  p.str("to", mode_letter(r.to));
  p.x64("pc", r.pc);
}

void fields(Payload& p, const CsrWriteRecord& r) {
  p.str("csr", csr_name(r.csr));
  p.x32("number", r.csr);
  p.x64("old_value", r.old_value);
  p.x64("new_value", r.new_value);
  p.x64("pc", r.pc);
}

void fields(Payload& p, const PageTableDiffRecord& r) {
  p.str("table", table_name(r.table));
  p.u8("level", r.level);
  p.x64("root", r.root);
  p.x64("va", r.va);
  p.x64("pte_address", r.pte_address);
  p.x64("old_pte", r.old_pte);
  p.x64("new_pte", r.new_pte);
}

void fields(Payload& p, const MemoryRegionRecord& r) {
  p.str("region", region_name(r.region));
  p.x64("gpa", r.gpa);
  p.x64("size", r.size);
  p.x64("hpa", r.hpa);
  p.u16("device", r.device);
  p.u32("request_id", r.request_id);
}

void fields(Payload& p, const LifecycleRecord& r) {
  p.str("state", lifecycle_name(r.state));
  p.x64("pc", r.pc);
  p.u32("exit_code", r.exit_code);
}

void fields(Payload& p, const GdbStateRecord& r) {
  p.str("action", gdb_action_name(r.action));
  p.str("reason", gdb_reason_name(r.reason));
  p.x64("pc", r.pc);
}

void fields(Payload& p, const DropCountRecord& r) {
  p.u32("dropped", r.dropped);
  p.u32("first_lost_sequence", r.first_lost_sequence);
  p.u64("total_dropped", r.total_dropped);
}

void fields(Payload& p, const VcpuStateRecord& r) {
  p.u32("request_id", r.request_id);
  p.str("mode", mode_letter(r.mode));
  p.str("state", lifecycle_name(r.state));
  p.x64("pc", r.pc);
  p.x64("mstatus", r.mstatus);
  p.x64("satp", r.satp);
  p.x64("mtvec", r.mtvec);
  p.x64("stvec", r.stvec);
  p.x64("mepc", r.mepc);
  p.x64("sepc", r.sepc);
  p.x64("mcause", r.mcause);
  p.x64("scause", r.scause);
  p.x64("mtval", r.mtval);
  p.x64("stval", r.stval);
  p.x64("medeleg", r.medeleg);
  p.x64("mideleg", r.mideleg);
  p.x64("mie", r.mie);
  p.x64("mip", r.mip);
}

void fields(Payload& p, const TranslationRecord& r) {
  p.u32("request_id", r.request_id);
  p.str("access", access_name(r.access));
  p.x64("gva", r.gva);
  p.x64("satp", r.satp);
  p.str("outcome", walk_outcome_name(r.outcome));
  p.x64("gpa", r.gpa);
  p.x64("hpa", r.hpa);
  p.str("region", region_name(r.region));
  p.str("failed_rule", walk_rule_text(r.failed_rule));
  p.s8("failed_level", r.failed_level);
  p.u8("step_count", r.step_count);
  p.x64("leaf_pte", r.leaf_pte);
}

void fields(Payload& p, const PageTableEntryRecord& r) {
  p.u32("request_id", r.request_id);
  p.str("table", table_name(r.table));
  p.u8("level", r.level);
  p.u16("index", r.index);
  p.x64("root", r.root);
  p.x64("va", r.va);
  p.x64("pte_address", r.pte_address);
  p.x64("pte", r.pte);
}

void fields(Payload& p, const ReplyEndRecord& r) {
  p.u32("request_id", r.request_id);
  p.str("request", record_kind_name(r.request));
  p.str("status", reply_status_name(r.status));
  p.u32("record_count", r.record_count);
}

template <typename Command>
void fields(Payload& p, const Command& r) {
  p.u32("request_id", r.request_id);
}

void put(std::vector<uint8_t>& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

template <typename R>
std::string event_class(const R& sample) {
  Payload schema(nullptr);
  fields(schema, sample);
  return "event {\n\tname = \"" + std::string(record_kind_name(R::kind)) +
         "\";\n\tid = " + std::to_string(static_cast<unsigned>(R::kind)) +
         ";\n\tstream_id = 0;\n\tfields := struct {\n" + schema.schema() + "\t};\n};\n\n";
}

template <typename... Records>
std::string event_classes(RecordList<Records...>) {
  return (event_class(Records{}) + ...);
}

constexpr const char* metadata_preamble = R"(/* CTF 1.8 */

typealias integer { size = 8; align = 8; signed = false; } := uint8_t;
typealias integer { size = 8; align = 8; signed = true; } := int8_t;
typealias integer { size = 16; align = 8; signed = false; } := uint16_t;
typealias integer { size = 32; align = 8; signed = false; } := uint32_t;
typealias integer { size = 64; align = 8; signed = false; } := uint64_t;
typealias integer { size = 32; align = 8; signed = false; base = 16; } := hex32_t;
typealias integer { size = 64; align = 8; signed = false; base = 16; } := hex64_t;

trace {
	major = 1;
	minor = 8;
	byte_order = le;
	packet.header := struct {
		uint32_t magic;
		uint32_t stream_id;
	};
};

env {
	tracer_name = "glasshouse";
	domain = "hypervisor";
};

)";

constexpr const char* metadata_stream =
    R"(typealias integer { size = 64; align = 8; signed = false; map = clock.timebase.value; } := timebase_t;

stream {
	id = 0;
	packet.context := struct {
		timebase_t timestamp_begin;
		timebase_t timestamp_end;
		uint64_t content_size;
		uint64_t packet_size;
		uint32_t cpu_id;
	};
	event.header := struct {
		uint32_t id;
		timebase_t timestamp;
	};
	event.context := struct {
		uint32_t seq;
	};
};

)";

}  // namespace

void CtfWriter::add(const Event& event) {
  if (is_command(event.header.kind)) return;
  if (auto* hello = std::get_if<StreamHello>(&event.record)) timebase_hz_ = hello->timebase_hz;
  StreamFile& stream = streams_[event.header.vcpu];
  // CTF wants time to move forward within a stream.
  uint64_t timestamp = std::max(event.header.timestamp, stream.last_timestamp);
  if (stream.empty) stream.first_timestamp = timestamp;
  stream.empty = false;
  stream.last_timestamp = timestamp;
  put(stream.events, static_cast<uint32_t>(event.header.kind), 4);
  put(stream.events, timestamp, 8);
  put(stream.events, event.header.sequence, 4);
  Payload payload(&stream.events);
  std::visit([&](const auto& record) { fields(payload, record); }, event.record);
  ++event_count_;
}

std::string CtfWriter::metadata() const {
  uint64_t frequency = timebase_hz_ ? timebase_hz_ : default_timebase_hz;
  std::string clock = "clock {\n\tname = timebase;\n\tfreq = " + std::to_string(frequency) +
                      ";\n\toffset = 0;\n\tprecision = 1;\n\tdescription = \"guest timebase "
                      "(rdtime)\";\n};\n\n";
  return metadata_preamble + clock + metadata_stream + event_classes(AllRecords{});
}

std::vector<uint8_t> CtfWriter::packet(uint16_t vcpu, const StreamFile& stream) const {
  constexpr uint64_t header_bytes = 4 + 4 + 8 + 8 + 8 + 8 + 4;
  uint64_t size_bits = (header_bytes + stream.events.size()) * 8;
  std::vector<uint8_t> out;
  put(out, ctf_magic, 4);
  put(out, 0, 4);
  put(out, stream.first_timestamp, 8);
  put(out, stream.last_timestamp, 8);
  put(out, size_bits, 8);
  put(out, size_bits, 8);
  put(out, vcpu, 4);
  out.insert(out.end(), stream.events.begin(), stream.events.end());
  return out;
}

std::string CtfWriter::write(const std::string& directory) const {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) return "cannot create " + directory + ": " + error.message();
  auto write_file = [&](const std::string& name, const void* data, size_t size) -> std::string {
    std::string path = directory + "/" + name;
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    return file ? "" : "cannot write " + path + ": " + std::strerror(errno);
  };
  std::string text = metadata();
  if (auto failure = write_file("metadata", text.data(), text.size()); !failure.empty()) {
    return failure;
  }
  for (const auto& [vcpu, stream] : streams_) {
    std::string name = vcpu == all_vcpus ? "stream_vm" : "stream_vcpu" + std::to_string(vcpu);
    std::vector<uint8_t> bytes = packet(vcpu, stream);
    if (auto failure = write_file(name, bytes.data(), bytes.size()); !failure.empty()) {
      return failure;
    }
  }
  return {};
}

}  // namespace gh::model
