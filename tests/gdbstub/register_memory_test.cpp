// g, G, p, P, m, M, X and their error paths.
#include <gtest/gtest.h>

#include "stub_harness.hpp"

namespace gh::gdbstub::test {
namespace {

std::string le64(uint64_t value) {
  char out[17];
  for (int i = 0; i < 8; ++i)
    std::snprintf(out + 2 * i, 3, "%02x", unsigned((value >> (8 * i)) & 0xFF));
  return out;
}

TEST(RegisterPackets, GReadsX0ToPcOfTheGeneralThread) {
  StubHarness h;
  const std::string all = h.reply("g");
  ASSERT_EQ(all.size(), 33u * 16);
  EXPECT_EQ(all.substr(10 * 16, 16), le64((1ull << 32) | 10));  // a0 of thread 1
  EXPECT_EQ(all.substr(32 * 16, 16), le64((1ull << 32) | 32));  // pc
  EXPECT_EQ(h.reply("Hg2"), "OK");
  EXPECT_EQ(h.reply("g").substr(32 * 16, 16), le64((2ull << 32) | 32));
}

TEST(RegisterPackets, GWritesEveryRegister) {
  StubHarness h;
  std::string all;
  for (unsigned i = 0; i < 33; ++i) all += le64(0x100 + i);
  EXPECT_EQ(h.reply("G" + all), "OK");
  EXPECT_EQ((h.target.registers[{1, 32}]), 0x120u);
  EXPECT_EQ(h.reply("G" + all.substr(2)), "E16");
  EXPECT_EQ(h.reply("G" + all.substr(2) + "zz"), "E16");
}

TEST(RegisterPackets, PReadsOneRegisterBySize) {
  StubHarness h;
  EXPECT_EQ(h.reply("p20"), le64((1ull << 32) | 32));
  EXPECT_EQ(h.reply("p44"), "44000000");                   // fcsr (68) is 32 bits
  EXPECT_EQ(h.reply("p1041"), le64((1ull << 32) | 4161));  // priv
  EXPECT_EQ(h.reply("p341"), le64((1ull << 32) | 833));    // mstatus
}

TEST(RegisterPackets, UnavailableRegisterIsXs) {
  StubHarness h;
  EXPECT_EQ(h.reply("p7e1"), std::string(16, 'x'));  // tselect
}

TEST(RegisterPackets, PErrors) {
  StubHarness h;
  EXPECT_EQ(h.reply("p"), "E16");
  EXPECT_EQ(h.reply("pzz"), "E16");
  EXPECT_EQ(h.reply("p20x"), "E16");
  EXPECT_EQ(h.reply("p1042"), "E16");               // beyond priv
  EXPECT_EQ(h.reply("p41"), "E16");                 // CSR 0 is not described
  EXPECT_EQ(h.reply("p10000000000000000"), "E16");  // more than 64 bits
}

TEST(RegisterPackets, PWritesOneRegister) {
  StubHarness h;
  EXPECT_EQ(h.reply("P20=" + le64(0x80000000)), "OK");
  EXPECT_EQ((h.target.registers[{1, 32}]), 0x80000000u);
  EXPECT_EQ(h.reply("P44=01000000"), "OK");
  EXPECT_EQ((h.target.registers[{1, 68}]), 1u);
  EXPECT_EQ(h.reply("P20=1234"), "E16");
  EXPECT_EQ(h.reply("P20"), "E16");
  EXPECT_EQ(h.reply("P=00"), "E16");
  EXPECT_EQ(h.reply("P2000=" + le64(1)), "E16");
}

TEST(MemoryPackets, ReadHex) {
  StubHarness h;
  h.target.memory[0] = 0xde;
  h.target.memory[1] = 0xad;
  EXPECT_EQ(h.reply("m1000,2"), "dead");
  EXPECT_EQ(h.reply("m1000,0"), "");
}

TEST(MemoryPackets, ReadUnmappedIsAnError) {
  StubHarness h;
  EXPECT_EQ(h.reply("m0,4"), "E0e");
  EXPECT_EQ(h.reply("mffffffffffffffff,4"), "E0e");
}

TEST(MemoryPackets, ReadAcrossTheEndReturnsTheMappedPrefix) {
  StubHarness h;
  EXPECT_EQ(h.reply("m1f00,200"), std::string(0x200, '0'));  // 0x100 bytes mapped
}

TEST(MemoryPackets, HugeReadIsClampedToThePacketSize) {
  StubHarness h;
  h.target.memory.resize(0x10000);
  EXPECT_EQ(h.reply("m1000,100000").size(), kMaxPayload);
}

TEST(MemoryPackets, WriteHex) {
  StubHarness h;
  EXPECT_EQ(h.reply("M1004,3:010203"), "OK");
  EXPECT_EQ(h.target.memory[4], 1);
  EXPECT_EQ(h.target.memory[6], 3);
  EXPECT_EQ(h.reply("M0,1:00"), "E0e");
  EXPECT_EQ(h.reply("M1000,2:00"), "E16");
  EXPECT_EQ(h.reply("M1000,1:zz"), "E16");
  EXPECT_EQ(h.reply("M1000,1"), "E16");
  EXPECT_EQ(h.reply("M1000"), "E16");
}

TEST(MemoryPackets, WriteBinary) {
  StubHarness h;
  EXPECT_EQ(h.reply("X1000,0:"), "OK");
  EXPECT_EQ(h.reply(std::string("X1008,3:a") + '\0' + "c"), "OK");
  EXPECT_EQ(h.target.memory[8], 'a');
  EXPECT_EQ(h.target.memory[9], 0);
  EXPECT_EQ(h.reply("X0,1:a"), "E0e");
  EXPECT_EQ(h.reply("X1000,2:a"), "E16");
  EXPECT_EQ(h.reply("X1000,1"), "E16");
}

TEST(ThreadPackets, SelectAndProbeThreads) {
  StubHarness h;
  EXPECT_EQ(h.reply("Hg0"), "OK");
  EXPECT_EQ(h.reply("Hg-1"), "OK");
  EXPECT_EQ(h.reply("Hc-1"), "OK");
  EXPECT_EQ(h.reply("Hgp1.2"), "OK");
  EXPECT_EQ(h.reply("qC"), "QC2");
  EXPECT_EQ(h.reply("Hg3"), "E03");
  EXPECT_EQ(h.reply("Hg"), "E16");
  EXPECT_EQ(h.reply("Hx1"), "E16");
  EXPECT_EQ(h.reply("T1"), "OK");
  EXPECT_EQ(h.reply("T2"), "OK");
  EXPECT_EQ(h.reply("T3"), "E03");
  EXPECT_EQ(h.reply("T-1"), "E16");
  EXPECT_EQ(h.reply("Tffffffffff"), "E03");
}

}  // namespace
}  // namespace gh::gdbstub::test
