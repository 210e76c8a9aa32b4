// target.xml for RV64: the cpu, fpu, csr and virtual (priv) features, with regnum
// attributes in gdb's RISC-V numbering (see riscv_registers.hpp).
#include "gdbstub/riscv_registers.hpp"
#include "gdbstub/xml_writer.hpp"

namespace gh::gdbstub {

namespace {

using namespace gh::gdbstub::riscv;

constexpr const char* kGprNames[32] = {"zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2",
                                       "fp",   "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
                                       "a6",   "a7", "s2",  "s3",  "s4", "s5", "s6", "s7",
                                       "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

constexpr const char* kFprNames[32] = {"ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",
                                       "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",  "fa5",
                                       "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6",  "fs7",
                                       "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};

void put_register(XmlWriter& out, const char* name, unsigned regnum, const char* type) {
  out.put("<reg name=\"");
  out.put(name);
  out.put("\" bitsize=\"");
  out.put_decimal(8 * register_size(regnum));
  out.put("\" type=\"");
  out.put(type);
  out.put("\" regnum=\"");
  out.put_decimal(regnum);
  out.put("\"/>\n");
}

void put_cpu_feature(XmlWriter& out) {
  out.put("<feature name=\"org.gnu.gdb.riscv.cpu\">\n");
  for (unsigned i = 0; i < 32; ++i) {
    const char* type = (i == 2) ? "data_ptr" : "int";
    put_register(out, kGprNames[i], gpr_regnum(i), type);
  }
  put_register(out, "pc", kPc, "code_ptr");
  out.put("</feature>\n");
}

void put_fpu_feature(XmlWriter& out) {
  out.put("<feature name=\"org.gnu.gdb.riscv.fpu\">\n");
  for (unsigned i = 0; i < 32; ++i) put_register(out, kFprNames[i], fpr_regnum(i), "ieee_double");
  put_register(out, "fflags", csr_regnum(gh::riscv::Csr::fflags), "int");
  put_register(out, "frm", csr_regnum(gh::riscv::Csr::frm), "int");
  put_register(out, "fcsr", csr_regnum(gh::riscv::Csr::fcsr), "int");
  out.put("</feature>\n");
}

void put_csr_feature(XmlWriter& out) {
  out.put("<feature name=\"org.gnu.gdb.riscv.csr\">\n");
  for (const CsrName& entry : described_csrs()) {
    put_register(out, entry.name, csr_regnum(entry.csr), "int");
  }
  out.put("</feature>\n");
}

void put_virtual_feature(XmlWriter& out) {
  out.put("<feature name=\"org.gnu.gdb.riscv.virtual\">\n");
  put_register(out, "priv", kPriv, "int");
  out.put("</feature>\n");
}

}  // namespace

void write_riscv_target_xml(XmlWriter& out) {
  out.put("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n");
  out.put("<target version=\"1.0\">\n<architecture>riscv:rv64</architecture>\n");
  put_cpu_feature(out);
  put_fpu_feature(out);
  put_csr_feature(out);
  put_virtual_feature(out);
  out.put("</target>\n");
}

void write_memory_map_xml(XmlWriter& out, std::span<const MemoryRegion> regions) {
  out.put("<?xml version=\"1.0\"?>\n<!DOCTYPE memory-map PUBLIC \"+//IDN gnu.org//DTD GDB ");
  out.put("Memory Map V1.0//EN\" \"http://sourceware.org/gdb/gdb-memory-map.dtd\">\n");
  out.put("<memory-map>\n");
  for (const MemoryRegion& region : regions) {
    out.put("<memory type=\"");
    out.put(region.type == MemoryType::rom ? "rom" : "ram");
    out.put("\" start=\"");
    out.put_hex(region.start);
    out.put("\" length=\"");
    out.put_hex(region.length);
    out.put("\"/>\n");
  }
  out.put("</memory-map>\n");
}

}  // namespace gh::gdbstub
