// The gdbstub library over VmDebugTarget, byte in, byte out: what gdb reads on the wire.
#include <gtest/gtest.h>

#include <string>

#include "debug_vm.hpp"
#include "gdbstub/gdb_stub.hpp"

namespace gh::debug::test {
namespace {

class StringSink final : public gdbstub::ByteSink {
 public:
  void write(std::span<const uint8_t> bytes) override { text.append(bytes.begin(), bytes.end()); }
  std::string text;
};

std::string packet(const std::string& body) {
  unsigned sum = 0;
  for (char c : body) sum += static_cast<uint8_t>(c);
  char checksum[3];
  snprintf(checksum, sizeof checksum, "%02x", sum & 0xff);
  return "$" + body + "#" + checksum;
}

class StubOverTargetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vm.state.x[2] = 0x8020'5000;  // sp
    ASSERT_EQ(vm.first_poll().kind, tae::ExitAction::Kind::idle);
    auto stop = vm.poll();
    ASSERT_TRUE(stop.has_value());
    stub.report_stop(*stop);
  }
  std::string exchange(const std::string& body) {
    sink.text.clear();
    std::string bytes = packet(body);
    stub.feed(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
    return sink.text;
  }
  DebugVm vm;
  StringSink sink;
  gdbstub::GdbStub stub{vm.target, sink};
};

TEST_F(StubOverTargetTest, StopRepliesCarryPcSpFpRa) {
  EXPECT_EQ(exchange("?"), "+" + packet("T05thread:1;20:0020008000000000;2:0050208000000000;"
                                        "8:0000000000000000;1:0000000000000000;"));
}

TEST_F(StubOverTargetTest, MemoryReadsAreGuestRamInHex) {
  vm.put32(entry, 0x00150513);
  EXPECT_EQ(exchange("m80002000,4"), "+" + packet("13051500"));
  EXPECT_EQ(exchange("m10000000,1"), "+" + packet("E0e")) << "a device register is an error";
}

TEST_F(StubOverTargetTest, ThreadsAreVcpusWithTheirState) {
  std::string reply = exchange("qThreadExtraInfo,1");
  std::string hex;
  for (char c : std::string("vCPU 0, mode S, running")) {
    char two[3];
    snprintf(two, sizeof two, "%02x", static_cast<uint8_t>(c));
    hex += two;
  }
  EXPECT_EQ(reply, "+" + packet(hex));
}

}  // namespace
}  // namespace gh::debug::test
