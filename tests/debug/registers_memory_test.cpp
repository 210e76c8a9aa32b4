// What gdb reads and writes through VmDebugTarget: registers in gdb's numbering, the
// guest's virtual CSRs and mode, and guest memory through the vCPU's translation.
#include <gtest/gtest.h>

#include "debug_vm.hpp"
#include "gdbstub/riscv_registers.hpp"

namespace gh::debug::test {
namespace {

using gdbstub::Status;
namespace regs = gdbstub::riscv;

class RegistersMemoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(vm.first_poll().kind, tae::ExitAction::Kind::idle);
    ASSERT_TRUE(vm.poll().has_value());  // --wait-gdb: held before the first instruction
  }
  uint64_t reg(unsigned regnum) {
    uint64_t value = 0;
    EXPECT_EQ(vm.target.read_register(1, regnum, value), Status::ok) << "register " << regnum;
    return value;
  }
  DebugVm vm;
};

TEST_F(RegistersMemoryTest, GprsAndPcComeFromTheVcpu) {
  vm.state.x[10] = 0x1234;
  EXPECT_EQ(reg(regs::gpr_regnum(10)), 0x1234u);
  EXPECT_EQ(reg(regs::kPc), entry);
  EXPECT_EQ(vm.target.write_register(1, regs::gpr_regnum(11), 77), Status::ok);
  EXPECT_EQ(vm.state.x[11], 77u);
  EXPECT_EQ(vm.target.write_register(1, regs::gpr_regnum(0), 5), Status::ok);
  EXPECT_EQ(vm.state.x[0], 0u) << "x0 stays zero";
}

TEST_F(RegistersMemoryTest, CsrsAreTheGuestsVirtualOnes) {
  EXPECT_EQ(reg(regs::csr_regnum(riscv::Csr::mhartid)), 0u);
  EXPECT_EQ(reg(regs::csr_regnum(riscv::Csr::medeleg)), 0xB1FFu) << "as OpenSBI leaves it";
  EXPECT_EQ(vm.target.write_register(1, regs::csr_regnum(riscv::Csr::sscratch), 0xabc), Status::ok);
  EXPECT_EQ(*vm.vcpu.hart().read_csr(riscv::csr_number(riscv::Csr::sscratch)), 0xabcu);
}

TEST_F(RegistersMemoryTest, PrivIsTheVirtualModeAndWritable) {
  EXPECT_EQ(reg(regs::kPriv), 1u) << "S-mode";
  EXPECT_EQ(vm.target.write_register(1, regs::kPriv, 3), Status::ok);
  EXPECT_EQ(vm.vcpu.hart().privilege(), riscv::Privilege::machine);
  EXPECT_EQ(vm.target.write_register(1, regs::kPriv, 2), Status::invalid) << "no H mode";
}

TEST_F(RegistersMemoryTest, FpRegistersAreUnavailable) {
  uint64_t value = 0;
  EXPECT_EQ(vm.target.read_register(1, regs::fpr_regnum(0), value), Status::unavailable);
  EXPECT_EQ(vm.target.read_register(1, regs::csr_regnum(riscv::Csr::fcsr), value),
            Status::unavailable);
}

class FakeFpRegisters final : public VcpuHartOps {
 public:
  void save_fp(FpState& out) override { out = hardware; }
  void load_fp(const FpState& in) override {
    hardware = in;
    ++loads;
  }
  void sync_instruction_fetch() override { ++fences; }
  FpState hardware;
  int loads = 0;
  int fences = 0;
};

TEST(FpRegistersTest, ReadAndWrittenThroughTheParkedVcpusHart) {
  FakeFpRegisters fp;
  fp.hardware.f[1] = 0x4009'21fb'5444'2d18;  // pi
  fp.hardware.fcsr = (2 << 5) | 0x3;         // frm 2, fflags NX|UF
  DebugVm vm(true);
  vm.target.attach(true, &fp);
  ASSERT_EQ(vm.first_poll().kind, tae::ExitAction::Kind::idle);
  ASSERT_TRUE(vm.poll().has_value());
  uint64_t value = 0;
  ASSERT_EQ(vm.target.read_register(1, regs::fpr_regnum(1), value), Status::ok);
  EXPECT_EQ(value, 0x4009'21fb'5444'2d18u);
  ASSERT_EQ(vm.target.read_register(1, regs::csr_regnum(riscv::Csr::frm), value), Status::ok);
  EXPECT_EQ(value, 2u);
  ASSERT_EQ(vm.target.read_register(1, regs::csr_regnum(riscv::Csr::fflags), value), Status::ok);
  EXPECT_EQ(value, 3u);
  ASSERT_EQ(vm.target.write_register(1, regs::fpr_regnum(2), 0x1234), Status::ok);
  ASSERT_EQ(vm.target.write_register(1, regs::csr_regnum(riscv::Csr::frm), 1), Status::ok);
  EXPECT_EQ(fp.loads, 0) << "nothing reaches the hardware while the vCPU is parked";
  gdbstub::ResumeAction run{gdbstub::ResumeKind::resume, 0};
  ASSERT_EQ(vm.target.resume(std::span(&run, 1)), Status::ok);
  ASSERT_EQ(vm.vcpu.poll_idle().kind, tae::ExitAction::Kind::resume);
  EXPECT_EQ(fp.loads, 1);
  EXPECT_EQ(fp.fences, 1) << "fence.i before it runs";
  EXPECT_EQ(fp.hardware.f[2], 0x1234u);
  EXPECT_EQ(fp.hardware.fcsr, (1u << 5) | 0x3);
}

TEST_F(RegistersMemoryTest, NothingIsReadWhileTheVcpuRuns) {
  gdbstub::ResumeAction run{gdbstub::ResumeKind::resume, 0};
  ASSERT_EQ(vm.target.resume(std::span(&run, 1)), Status::ok);
  uint64_t value = 0;
  EXPECT_EQ(vm.target.read_register(1, regs::kPc, value), Status::unavailable);
  uint8_t byte = 0;
  EXPECT_EQ(vm.target.read_memory(1, entry, std::span(&byte, 1)), Status::fault);
}

TEST_F(RegistersMemoryTest, BareTranslationReadsAndWritesGuestRam) {
  vm.put32(entry, 0xdeadbeef);
  uint8_t bytes[4] = {};
  ASSERT_EQ(vm.target.read_memory(1, entry, bytes), Status::ok);
  EXPECT_EQ(bytes[0], 0xef);
  EXPECT_EQ(bytes[3], 0xde);
  const uint8_t patch[2] = {0x11, 0x22};
  ASSERT_EQ(vm.target.write_memory(1, entry + 1, patch), Status::ok);
  EXPECT_EQ(vm.ram32(entry), 0xde2211efu);
}

TEST_F(RegistersMemoryTest, LongReadsCrossPagesWholeAndInOrder) {
  const uint64_t start = entry + 4096 - 6;  // 6 bytes on one page, the rest on the next
  for (uint64_t i = 0; i < 16; i += 4) vm.put32(start + 2 + i, 0x03020100u + 0x04040404u * (i / 4));
  uint8_t bytes[18] = {};
  ASSERT_EQ(vm.target.read_memory(1, start, bytes), Status::ok);
  for (unsigned i = 0; i < 16; ++i) EXPECT_EQ(bytes[2 + i], i) << i;
}

TEST_F(RegistersMemoryTest, HolesAndDevicesAreFaults) {
  uint8_t byte = 0;
  EXPECT_EQ(vm.target.read_memory(1, device_gpa, std::span(&byte, 1)), Status::fault)
      << "a device register is never read by the debugger";
  EXPECT_EQ(vm.target.read_memory(1, 0x2000'0000, std::span(&byte, 1)), Status::fault);
  uint8_t two[2] = {};
  const uint64_t ram_end = ram_gpa + mmu::test::guest_ram_size;
  EXPECT_EQ(vm.target.read_memory(1, ram_end - 1, two), Status::fault) << "straddles the end";
}

TEST_F(RegistersMemoryTest, VirtualAddressesGoThroughTheGuestPageTable) {
  vm.map_gigapage_at_1gib();
  vm.put32(ram_gpa + 0x3000, 0xcafef00d);
  uint8_t bytes[4] = {};
  ASSERT_EQ(vm.target.read_memory(1, 0x4000'3000, bytes), Status::ok);
  EXPECT_EQ(bytes[0], 0x0d);
  EXPECT_EQ(vm.target.read_memory(1, ram_gpa + 0x3000, bytes), Status::fault)
      << "gpa 0x8000_3000 is not mapped as a gva";
}

TEST_F(RegistersMemoryTest, MonitorPhysSwitchesToGuestPhysical) {
  vm.map_gigapage_at_1gib();
  vm.put32(ram_gpa + 0x3000, 0xcafef00d);
  struct Text : gdbstub::TextSink {
    using TextSink::write;
    void write(std::span<const char> t) override { out.append(t.data(), t.size()); }
    std::string out;
  } text;
  const std::string_view phys = "phys";
  ASSERT_EQ(vm.target.monitor_command(std::span(phys.data(), phys.size()), text), Status::ok);
  EXPECT_NE(text.out.find("guest-physical"), std::string::npos) << text.out;
  uint8_t bytes[4] = {};
  ASSERT_EQ(vm.target.read_memory(1, ram_gpa + 0x3000, bytes), Status::ok);
  EXPECT_EQ(bytes[0], 0x0d);
  text.out.clear();
  const std::string_view translate = "translate 0x40003000";
  ASSERT_EQ(vm.target.monitor_command(std::span(translate.data(), translate.size()), text),
            Status::ok);
  EXPECT_NE(text.out.find("-> gpa 0x80003000 (RAM"), std::string::npos) << text.out;
}

TEST_F(RegistersMemoryTest, MonitorDumpsTheGuestAndTheShadowPageTables) {
  struct Text : gdbstub::TextSink {
    using TextSink::write;
    void write(std::span<const char> t) override { out.append(t.data(), t.size()); }
    std::string out;
  } text;
  const std::string_view pagetable = "pagetable";
  ASSERT_EQ(vm.target.monitor_command(std::span(pagetable.data(), pagetable.size()), text),
            Status::ok);
  EXPECT_EQ(text.out, "satp 0x0: no paging\n") << "a Bare satp has no table to walk";
  text.out.clear();
  vm.map_gigapage_at_1gib();
  ASSERT_EQ(vm.target.monitor_command(std::span(pagetable.data(), pagetable.size()), text),
            Status::ok);
  EXPECT_EQ(text.out,
            "guest page table, satp 0x8000000000080001\n"
            "0x40000000-0x80000000 -> 0x80000000 rwx--ad\n");
  text.out.clear();
  const std::string_view shadow = "shadow";
  ASSERT_EQ(vm.target.monitor_command(std::span(shadow.data(), shadow.size()), text), Status::ok);
  EXPECT_EQ(text.out.rfind("shadow page table, satp 0x8", 0), 0u) << text.out;
}

}  // namespace
}  // namespace gh::debug::test
