// c/C/s/S, vCont, stop replies (all-stop), interrupt, detach/kill, and non-stop mode.
#include <gtest/gtest.h>

#include "stub_harness.hpp"

namespace gh::gdbstub::test {
namespace {

ResumeKind kind_of(const StubHarness& h, size_t resume, size_t thread) {
  return h.target.resumes.at(resume).at(thread).kind;
}

TEST(ResumePackets, ContinueResumesEveryThreadAndWaits) {
  StubHarness h;
  EXPECT_EQ(h.reply("c"), "<none>");
  ASSERT_EQ(h.target.resumes.size(), 1u);
  EXPECT_EQ(kind_of(h, 0, 0), ResumeKind::resume);
  EXPECT_EQ(kind_of(h, 0, 1), ResumeKind::resume);
  EXPECT_TRUE(h.stub->waiting_for_stop());
}

TEST(ResumePackets, StopReplyCarriesThreadSignalAndReason) {
  StubHarness h;
  h.reply("qSupported:swbreak+;hwbreak+");
  h.reply("c");
  h.sink.output.clear();
  h.stub->report_stop({2, gdb_signal::trap, StopReason::swbreak, 0});
  EXPECT_EQ(StubHarness::packets(h.sink.output).at(0), "T05thread:2;swbreak:;");
  EXPECT_FALSE(h.stub->waiting_for_stop());
  EXPECT_EQ(h.reply("qC"), "QC2");
  EXPECT_EQ(h.reply("?"), "T05thread:2;swbreak:;");
}

TEST(ResumePackets, WatchpointStopNamesTheAddress) {
  StubHarness h;
  h.reply("vCont;c");
  h.sink.output.clear();
  h.stub->report_stop({1, gdb_signal::trap, StopReason::awatch, 0x80001000});
  EXPECT_EQ(StubHarness::packets(h.sink.output).at(0), "T05thread:1;awatch:80001000;");
}

TEST(ResumePackets, ReasonsGdbDidNotAskForAreLeftOut) {
  StubHarness h;
  h.reply("qSupported");
  h.reply("c");
  h.sink.output.clear();
  h.stub->report_stop({1, gdb_signal::trap, StopReason::hwbreak, 0});
  EXPECT_EQ(StubHarness::packets(h.sink.output).at(0), "T05thread:1;");
}

TEST(ResumePackets, OnlyTheFirstStopAnswersAResume) {
  StubHarness h;
  h.reply("c");
  h.sink.output.clear();
  h.stub->report_stop({1, gdb_signal::interrupt, StopReason::signal, 0});
  h.stub->report_stop({2, gdb_signal::trap, StopReason::signal, 0});
  EXPECT_EQ(StubHarness::packets(h.sink.output).size(), 1u);
}

TEST(ResumePackets, StepMovesOnlyTheCurrentThread) {
  StubHarness h;
  h.reply("Hc2");
  h.reply("s");
  EXPECT_EQ(kind_of(h, 0, 0), ResumeKind::unchanged);
  EXPECT_EQ(kind_of(h, 0, 1), ResumeKind::step);
}

TEST(ResumePackets, LegacyResumeWithSignalAndAddress) {
  StubHarness h;
  h.reply("C0b;80000000");
  EXPECT_EQ(h.target.resumes.at(0).at(0).signal, 0x0b);
  EXPECT_EQ((h.target.registers[{1, 32}]), 0x80000000u);
  StubHarness bad;
  EXPECT_EQ(bad.reply("Cz"), "E16");
  EXPECT_EQ(bad.reply("C05x"), "E16");
  EXPECT_EQ(bad.reply("cq"), "E16");
  EXPECT_TRUE(bad.target.resumes.empty());
}

TEST(ResumePackets, VContSupportedActions) {
  StubHarness h;
  EXPECT_EQ(h.reply("vCont?"), "vCont;c;C;s;S;t");
}

TEST(ResumePackets, VContLeftmostActionWins) {
  StubHarness h;
  h.reply("vCont;s:2;c");
  EXPECT_EQ(kind_of(h, 0, 0), ResumeKind::resume);
  EXPECT_EQ(kind_of(h, 0, 1), ResumeKind::step);
}

TEST(ResumePackets, VContWithSignals) {
  StubHarness h;
  h.reply("vCont;S0b:1;C02:2");
  EXPECT_EQ(kind_of(h, 0, 0), ResumeKind::step);
  EXPECT_EQ(h.target.resumes[0][0].signal, 0x0b);
  EXPECT_EQ(kind_of(h, 0, 1), ResumeKind::resume);
  EXPECT_EQ(h.target.resumes[0][1].signal, 0x02);
}

TEST(ResumePackets, MalformedVContIsRejectedWithoutResuming) {
  StubHarness h;
  for (const char* bad : {"vCont", "vCont;", "vCont;x", "vCont;c:", "vCont;Czz", "vCont;r1,2",
                          "vCont;c;", "vCont;t", "vContc"}) {
    EXPECT_EQ(h.reply(bad), "E16") << bad;
  }
  EXPECT_TRUE(h.target.resumes.empty());
  EXPECT_FALSE(h.stub->waiting_for_stop());
}

TEST(ResumePackets, StopReportedFromInsideResumeIsSentAfterwards) {
  StubHarness h;
  h.target.during_resume = [&] {
    h.stub->report_stop({1, gdb_signal::trap, StopReason::signal, 0});
  };
  EXPECT_EQ(h.exchange_raw(StubHarness::frame("s")), "+" + StubHarness::frame("T05thread:1;"));
  EXPECT_FALSE(h.stub->waiting_for_stop());
}

TEST(ResumePackets, QuestionMarkOnARunningGuestInterruptsIt) {
  StubHarness h;
  h.stub->set_running();
  EXPECT_EQ(h.reply("?"), "<none>");
  EXPECT_EQ(h.target.interrupts, 1);
  h.sink.output.clear();
  h.stub->report_stop({2, gdb_signal::interrupt, StopReason::signal, 0});
  EXPECT_EQ(StubHarness::packets(h.sink.output).at(0), "T02thread:2;");
}

TEST(ResumePackets, StopWithoutGdbWaitingIsKeptForQuestionMark) {
  StubHarness h;
  h.stub->report_stop({2, gdb_signal::segv, StopReason::signal, 0});
  EXPECT_EQ(h.sink.output, "");
  EXPECT_EQ(h.reply("?"), "T0bthread:2;");
}

TEST(ResumePackets, StopForAnUnknownThreadIsIgnored) {
  StubHarness h;
  h.reply("c");
  h.stub->report_stop({7, gdb_signal::trap, StopReason::signal, 0});
  h.stub->report_stop({0, gdb_signal::trap, StopReason::signal, 0});
  EXPECT_TRUE(h.stub->waiting_for_stop());
}

TEST(SessionPackets, DetachResumesTheGuestAndResetsTheSession) {
  StubHarness h;
  h.reply("QStartNoAckMode");
  EXPECT_EQ(h.reply("D"), "OK");
  EXPECT_EQ(h.target.detaches, 1);
  EXPECT_TRUE(h.stub->ack_mode());
  // A new gdb: `?` stops the running guest first.
  EXPECT_EQ(h.reply("?"), "<none>");
  EXPECT_EQ(h.target.interrupts, 1);
}

TEST(SessionPackets, KillHasNoReply) {
  StubHarness h;
  EXPECT_EQ(h.reply("k"), "<none>");
  EXPECT_EQ(h.target.kills, 1);
  EXPECT_EQ(h.reply("vKill;1"), "OK");
  EXPECT_EQ(h.target.kills, 2);
}

TEST(NonStop, ResumeRepliesOkAndStopsComeAsNotifications) {
  StubHarness h;
  EXPECT_EQ(h.reply("QNonStop:1"), "OK");
  EXPECT_EQ(h.reply("vCont;c:1"), "OK");
  EXPECT_EQ(kind_of(h, 0, 1), ResumeKind::unchanged);
  h.sink.output.clear();
  h.stub->report_stop({1, gdb_signal::trap, StopReason::signal, 0});
  EXPECT_EQ(StubHarness::packets(h.sink.output).at(0), "%Stop:T05thread:1;");
  EXPECT_EQ(h.reply("vStopped"), "OK");
}

TEST(NonStop, OneNotificationAtATimeTheRestThroughVStopped) {
  StubHarness h;
  h.reply("QNonStop:1");
  h.reply("vCont;c");
  h.sink.output.clear();
  h.stub->report_stop({1, gdb_signal::trap, StopReason::signal, 0});
  h.stub->report_stop({2, gdb_signal::trap, StopReason::signal, 0});
  EXPECT_EQ(StubHarness::packets(h.sink.output).size(), 1u);
  EXPECT_EQ(h.reply("vStopped"), "T05thread:2;");
  EXPECT_EQ(h.reply("vStopped"), "OK");
  EXPECT_EQ(h.reply("vStopped"), "OK");
}

TEST(NonStop, StopOfAStoppedThreadIsNotPassedOn) {
  StubHarness h;
  h.reply("QNonStop:1");
  EXPECT_EQ(h.reply("vCont;c:1"), "OK");
  EXPECT_EQ(h.reply("vCont;t"), "OK");
  EXPECT_EQ(kind_of(h, 1, 0), ResumeKind::stop);
  EXPECT_EQ(kind_of(h, 1, 1), ResumeKind::unchanged);
}

TEST(NonStop, StopActionAndCtrlC) {
  StubHarness h;
  h.reply("QNonStop:1");
  EXPECT_EQ(h.reply("vCont;c"), "OK");
  EXPECT_EQ(h.reply("vCont;t:2"), "OK");
  EXPECT_EQ(kind_of(h, 1, 1), ResumeKind::stop);
  EXPECT_EQ(h.reply("vCtrlC"), "OK");
  EXPECT_EQ(h.target.interrupts, 1);
}

// gdb 13.1 fails an assertion when two or more stop replies are queued at connect, so
// `?` answers with one stopped thread and the others follow as notifications after the
// next packet.
TEST(NonStop, QuestionMarkReportsOneThreadAndTheOthersAfterTheConnection) {
  StubHarness h;
  h.reply("QNonStop:1");
  EXPECT_EQ(h.reply("?"), "T00thread:1;");
  h.sink.output.clear();
  EXPECT_EQ(h.reply("vStopped"), "OK");
  EXPECT_EQ(StubHarness::packets(h.sink.output).size(), 1u);  // no notification yet
  h.sink.output.clear();
  h.reply("qfThreadInfo");
  const auto sent = StubHarness::packets(h.sink.output);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1], "%Stop:T00thread:2;");
  EXPECT_EQ(h.reply("vStopped"), "OK");
  h.reply("vCont;c");
  EXPECT_EQ(h.reply("?"), "OK");
}

TEST(NonStop, AThreadResumedBeforeItsDeferredStopIsNotReported) {
  StubHarness h;
  h.reply("QNonStop:1");
  EXPECT_EQ(h.reply("?"), "T00thread:1;");
  EXPECT_EQ(h.reply("vStopped"), "OK");
  h.sink.output.clear();
  EXPECT_EQ(h.reply("vCont;c"), "OK");
  EXPECT_EQ(StubHarness::packets(h.sink.output).size(), 1u);
}

TEST(BreakpointPackets, InsertAndRemoveEveryType) {
  StubHarness h;
  EXPECT_EQ(h.reply("Z0,80000000,4"), "OK");
  EXPECT_EQ(h.reply("Z1,80000004,2"), "OK");
  EXPECT_EQ(h.reply("Z2,1000,8"), "OK");
  EXPECT_EQ(h.reply("Z3,1008,4"), "OK");
  EXPECT_EQ(h.reply("Z4,1010,1"), "OK");
  ASSERT_EQ(h.target.breakpoints.size(), 5u);
  EXPECT_EQ(h.target.breakpoints[2].type, BreakpointType::write_watch);
  EXPECT_EQ(h.target.breakpoints[2].kind, 8u);
  EXPECT_EQ(h.reply("z2,1000,8"), "OK");
  EXPECT_EQ(h.reply("z2,1000,8"), "E16");
  EXPECT_EQ(h.target.breakpoints.size(), 4u);
}

TEST(BreakpointPackets, ErrorsAndUnsupported) {
  StubHarness h;
  EXPECT_EQ(h.reply("Z0,dead,4"), "E0e");
  EXPECT_EQ(h.reply("Z5,1000,4"), "");
  EXPECT_EQ(h.reply("Z0,1000"), "E16");
  EXPECT_EQ(h.reply("Z0"), "E16");
  EXPECT_EQ(h.reply("Z"), "E16");
  EXPECT_EQ(h.reply("Z0,1000,4x"), "E16");
  EXPECT_EQ(h.reply("Z0,1000,4;X1,0"), "OK");  // conditions ignored
  h.target.breakpoints_supported = false;
  EXPECT_EQ(h.reply("Z0,1000,4"), "");
}

TEST(UnknownPackets, GetEmptyRepliesAndTheSessionGoesOn) {
  StubHarness h;
  for (const char* unknown :
       {"!", "R00", "bc", "vMustReplyEmpty", "vFile:open:", "A", "\x7f", "", "vRun;", "i"}) {
    EXPECT_EQ(h.reply(unknown), "") << unknown;
  }
  EXPECT_EQ(h.reply("?"), "T05thread:1;");
}

}  // namespace
}  // namespace gh::gdbstub::test
