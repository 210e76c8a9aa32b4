// Framing: acknowledgements, retransmission, no-ack mode, escapes, interrupt byte,
// resynchronisation, oversized and corrupt packets.
#include <gtest/gtest.h>

#include "stub_harness.hpp"

namespace gh::gdbstub::test {
namespace {

TEST(Framing, AcknowledgesAGoodPacketAndReplies) {
  StubHarness h;
  EXPECT_EQ(h.exchange_raw("$?#3f"), "+" + StubHarness::frame("T05thread:1;"));
}

TEST(Framing, BadChecksumIsNackedAndNotExecuted) {
  StubHarness h;
  EXPECT_EQ(h.exchange_raw("$?#00"), "-");
  EXPECT_EQ(h.exchange_raw("$?#zz"), "-");
}

TEST(Framing, NackRetransmitsTheLastReply) {
  StubHarness h;
  const std::string first = h.exchange_raw("$?#3f");
  EXPECT_EQ(h.exchange_raw("-"), first.substr(1));
}

TEST(Framing, NackBeforeAnyReplySendsNothing) {
  StubHarness h;
  EXPECT_EQ(h.exchange_raw("-"), "");
}

TEST(Framing, NoAckModeStopsAcknowledgements) {
  StubHarness h;
  EXPECT_EQ(h.reply("QStartNoAckMode"), "OK");
  EXPECT_FALSE(h.stub->ack_mode());
  EXPECT_EQ(h.exchange_raw("+$?#3f"), StubHarness::frame("T05thread:1;"));
  EXPECT_EQ(h.exchange_raw("$?#00"), "");  // corrupt: dropped silently
}

TEST(Framing, QSupportedStartsANewSessionWithAcks) {
  StubHarness h;
  h.reply("QStartNoAckMode");
  EXPECT_EQ(h.exchange_raw(StubHarness::frame("qSupported")).substr(0, 2), "+$");
  EXPECT_TRUE(h.stub->ack_mode());
}

TEST(Framing, GarbageBetweenPacketsIsSkipped) {
  StubHarness h;
  EXPECT_EQ(h.exchange_raw("junk\r\n#12$?#3f"), "+" + StubHarness::frame("T05thread:1;"));
}

TEST(Framing, DollarInsideAPacketResynchronises) {
  StubHarness h;
  EXPECT_EQ(h.exchange_raw("$m10$?#3f"), "+" + StubHarness::frame("T05thread:1;"));
}

TEST(Framing, EscapedBytesAreUnescapedAndChecksummedRaw) {
  StubHarness h;
  // X writes 0x7d ('}') and 0x23 ('#'), both escaped on the wire.
  EXPECT_EQ(h.reply(std::string("X1000,2:}") + char(0x7d ^ 0x20) + "}" + char(0x23 ^ 0x20)), "OK");
  EXPECT_EQ(h.target.memory[0], 0x7d);
  EXPECT_EQ(h.target.memory[1], 0x23);
}

TEST(Framing, InterruptByteWhileRunningInterruptsTheTarget) {
  StubHarness h;
  EXPECT_EQ(h.reply("c"), "<none>");
  EXPECT_EQ(h.exchange_raw("\x03"), "");
  EXPECT_EQ(h.target.interrupts, 1);
}

TEST(Framing, InterruptByteWhileStoppedIsIgnored) {
  StubHarness h;
  h.exchange_raw("\x03");
  EXPECT_EQ(h.target.interrupts, 0);
}

TEST(Framing, OversizedPacketGetsAnErrorAndTheSessionGoesOn) {
  StubHarness h;
  const std::string huge = "M1000,10:" + std::string(kMaxPayload + 10, '0');
  EXPECT_EQ(h.reply(huge), "E07");
  EXPECT_EQ(h.reply("?"), "T05thread:1;");
}

TEST(Framing, TruncatedPacketThenANewOneRecovers) {
  StubHarness h;
  EXPECT_EQ(h.exchange_raw("$m1000,4"), "");
  EXPECT_EQ(h.reply("?"), "T05thread:1;");
}

TEST(Framing, ChecksumDigitsMayBeUpperCase) {
  StubHarness h;
  EXPECT_EQ(h.exchange_raw("$qC#B4"), "+" + StubHarness::frame("QC1"));
}

}  // namespace
}  // namespace gh::gdbstub::test
