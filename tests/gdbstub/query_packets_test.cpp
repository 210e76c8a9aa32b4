// qSupported, qAttached, qC, thread lists, qThreadExtraInfo, qRcmd, qXfer, Q packets.
#include <gtest/gtest.h>

#include "stub_harness.hpp"

namespace gh::gdbstub::test {
namespace {

std::string hex(const std::string& text) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// Reads a whole qXfer object in chunks of `chunk` bytes; "<error>" on a bad chunk.
std::string read_xfer(StubHarness& h, const std::string& prefix, size_t chunk) {
  std::string joined;
  for (size_t offset = 0;; offset = joined.size()) {  // a reply may be shorter than asked
    char range[64];
    std::snprintf(range, sizeof range, "%zx,%zx", offset, chunk);
    const std::string part = h.reply(prefix + range);
    if (part.empty() || (part[0] != 'm' && part[0] != 'l')) return "<error>";
    joined += part.substr(1);
    if (part[0] == 'l') return joined;
  }
}

TEST(QueryPackets, SupportedAdvertisesFeatures) {
  StubHarness h;
  EXPECT_EQ(h.reply("qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386"),
            "PacketSize=4000;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;"
            "QStartNoAckMode+;qXfer:memory-map:read+;QNonStop+");
}

TEST(QueryPackets, SupportedWithoutOptionalCapabilities) {
  StubHarness h;
  h.target.regions.clear();
  h.target.non_stop = false;
  EXPECT_EQ(h.reply("qSupported"),
            "PacketSize=4000;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;"
            "QStartNoAckMode+");
}

TEST(QueryPackets, AttachedToAnExistingGuest) {
  StubHarness h;
  EXPECT_EQ(h.reply("qAttached"), "1");
  EXPECT_EQ(h.reply("qAttached:1"), "1");
}

TEST(QueryPackets, CurrentThreadFollowsHg) {
  StubHarness h;
  EXPECT_EQ(h.reply("qC"), "QC1");
  EXPECT_EQ(h.reply("Hg2"), "OK");
  EXPECT_EQ(h.reply("qC"), "QC2");
}

TEST(QueryPackets, ThreadListNamesEveryVcpu) {
  StubHarness h;
  EXPECT_EQ(h.reply("qfThreadInfo"), "m1,2");
  EXPECT_EQ(h.reply("qsThreadInfo"), "l");
}

TEST(QueryPackets, ThreadExtraInfoIsHexText) {
  StubHarness h;
  EXPECT_EQ(h.reply("qThreadExtraInfo,2"), hex("hart 1"));
  EXPECT_EQ(h.reply("qThreadExtraInfo,9"), "E16");
  EXPECT_EQ(h.reply("qThreadExtraInfo,"), "E16");
}

TEST(QueryPackets, MonitorOutputGoesAsOPacketsThenOK) {
  StubHarness h;
  const auto out = StubHarness::packets(h.exchange_raw(StubHarness::frame("qRcmd," + hex("help"))));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], "O" + hex("hi\n"));
  EXPECT_EQ(out[1], "OK");
  EXPECT_EQ(h.target.last_monitor_command, "help");
}

TEST(QueryPackets, LongMonitorOutputIsSplitIntoBoundedPackets) {
  StubHarness h;
  const auto out = StubHarness::packets(h.exchange_raw(StubHarness::frame("qRcmd," + hex("long"))));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].size() + out[1].size(), 2 + 600u);
  EXPECT_EQ(out[2], "OK");
}

TEST(QueryPackets, MonitorErrors) {
  StubHarness h;
  EXPECT_EQ(h.reply("qRcmd," + hex("nope")), "");
  EXPECT_EQ(h.reply("qRcmd," + hex("fail")), "E16");
  EXPECT_EQ(h.reply("qRcmd,zz"), "E16");
  EXPECT_EQ(h.reply("qRcmd," + std::string(2 * 300, 'a')), "E16");
}

TEST(QueryPackets, TargetXmlDescribesCpuFpuCsrAndPriv) {
  StubHarness h;
  const std::string xml = read_xfer(h, "qXfer:features:read:target.xml:", 0x3fff);
  EXPECT_NE(xml.find("<architecture>riscv:rv64</architecture>"), std::string::npos);
  EXPECT_NE(xml.find("org.gnu.gdb.riscv.cpu"), std::string::npos);
  EXPECT_NE(xml.find("<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("<reg name=\"ft0\" bitsize=\"64\" type=\"ieee_double\" regnum=\"33\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("<reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"68\"/>"),
            std::string::npos);
  // mstatus is CSR 0x300: regnum 65 + 768.
  EXPECT_NE(xml.find("<reg name=\"mstatus\" bitsize=\"64\" type=\"int\" regnum=\"833\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("org.gnu.gdb.riscv.virtual"), std::string::npos);
  EXPECT_NE(xml.find("<reg name=\"priv\" bitsize=\"64\" type=\"int\" regnum=\"4161\"/>"),
            std::string::npos);
  EXPECT_EQ(xml.substr(xml.size() - 10), "</target>\n");
}

TEST(QueryPackets, TargetXmlInChunksReassembles) {
  StubHarness h;
  const std::string whole = read_xfer(h, "qXfer:features:read:target.xml:", 0x3fff);
  EXPECT_GT(whole.size(), 0x1000u);
  EXPECT_EQ(read_xfer(h, "qXfer:features:read:target.xml:", 0x100), whole);
  EXPECT_EQ(read_xfer(h, "qXfer:features:read:target.xml:", 7), whole);
}

TEST(QueryPackets, XferPastTheEndIsAnEmptyLastChunk) {
  StubHarness h;
  EXPECT_EQ(h.reply("qXfer:features:read:target.xml:ffffff,10"), "l");
  EXPECT_EQ(h.reply("qXfer:features:read:target.xml:ffffffffffffffff,ffff"), "l");
}

TEST(QueryPackets, MemoryMap) {
  StubHarness h;
  const std::string map = h.reply("qXfer:memory-map:read::0,fff");
  EXPECT_EQ(map[0], 'l');
  EXPECT_NE(map.find("<memory type=\"ram\" start=\"0x1000\" length=\"0x1000\"/>"),
            std::string::npos);
}

TEST(QueryPackets, XferErrors) {
  StubHarness h;
  EXPECT_EQ(h.reply("qXfer:features:read:other.xml:0,10"), "");
  EXPECT_EQ(h.reply("qXfer:threads:read::0,10"), "");
  EXPECT_EQ(h.reply("qXfer:features:read:target.xml:0"), "E16");
  EXPECT_EQ(h.reply("qXfer:features:read:target.xml:,10"), "E16");
  EXPECT_EQ(h.reply("qXfer:features:read:target.xml:0,10x"), "E16");
  h.target.regions.clear();
  EXPECT_EQ(h.reply("qXfer:memory-map:read::0,fff"), "");
}

TEST(QueryPackets, UnknownQueriesGetEmptyReplies) {
  StubHarness h;
  EXPECT_EQ(h.reply("qTStatus"), "");
  EXPECT_EQ(h.reply("qOffsets"), "");
  EXPECT_EQ(h.reply("qSymbol::"), "");
  EXPECT_EQ(h.reply("QThreadEvents:1"), "");
  EXPECT_EQ(h.reply("q"), "");
  EXPECT_EQ(h.reply("Q"), "");
}

TEST(QueryPackets, NonStopNeedsTheCapability) {
  StubHarness h;
  h.target.non_stop = false;
  EXPECT_EQ(h.reply("QNonStop:1"), "E16");
  EXPECT_EQ(h.reply("QNonStop:0"), "OK");
  EXPECT_EQ(h.reply("QNonStop:x"), "E16");
}

}  // namespace
}  // namespace gh::gdbstub::test
