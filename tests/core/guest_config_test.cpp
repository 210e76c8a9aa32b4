#include "core/guest_config.hpp"

#include <gtest/gtest.h>

using namespace gh::core;

TEST(GuestConfig, ReadsTheLaunchersWords) {
  GuestConfig c;
  std::string_view bad;
  ASSERT_TRUE(parse_guest_config("gh.smp=3 gh.mem=64  gh.boot=m gh.backend=tae", c, bad));
  EXPECT_EQ(c.vcpus, 3u);
  EXPECT_EQ(c.memory_bytes, 64ull << 20);
  EXPECT_EQ(c.boot, BootStyle::machine);
  EXPECT_EQ(c.backend, Backend::trap_and_emulate);
  EXPECT_FALSE(c.stats);
  ASSERT_TRUE(parse_guest_config("gh.stats=1", c, bad));
  EXPECT_TRUE(c.stats);
  EXPECT_FALSE(parse_guest_config("gh.stats=yes", c, bad));
  ASSERT_TRUE(parse_guest_config("gh.disk_pci=16 gh.events_pci=17", c, bad));
  EXPECT_EQ(c.disk_pci_slot, 16u);
  EXPECT_EQ(c.events_pci_slot, 17u);
  EXPECT_FALSE(parse_guest_config("gh.events_pci=32", c, bad)) << "PCI slots are 1..31 here";
  EXPECT_FALSE(parse_guest_config("gh.disk_pci=0", c, bad));
}

TEST(GuestConfig, NamesTheWordItCannotRead) {
  GuestConfig c;
  std::string_view bad;
  EXPECT_FALSE(parse_guest_config("gh.smp=2 gh.mem=lots", c, bad));
  EXPECT_EQ(bad, "gh.mem=lots");
  EXPECT_FALSE(parse_guest_config("gh.smp=0", c, bad));
  EXPECT_FALSE(parse_guest_config("gh.smp=17", c, bad));
  EXPECT_FALSE(parse_guest_config("console=ttyS0", c, bad));
  EXPECT_EQ(bad, "console=ttyS0");
  EXPECT_FALSE(parse_guest_config("gh.boot=x", c, bad));
  EXPECT_TRUE(parse_guest_config("", c, bad));
}

TEST(GuestConfig, ReadsWhereTheLauncherPutTheDisk) {
  GuestConfig c;
  std::string_view bad;
  ASSERT_TRUE(parse_guest_config("gh.disk_base=2415919104 gh.disk_size=2097152", c, bad));
  EXPECT_EQ(c.disk_base, 0x90000000u);
  EXPECT_EQ(c.disk_size, 2u << 20);
  EXPECT_FALSE(parse_guest_config("gh.disk_base=0x90000000", c, bad));
  EXPECT_EQ(bad, "gh.disk_base=0x90000000");
}

TEST(GuestConfig, WaitGdbHoldsTheGuestOnlyWhenAsked) {
  GuestConfig c;
  std::string_view bad;
  EXPECT_FALSE(c.wait_gdb);
  ASSERT_TRUE(parse_guest_config("gh.smp=1 gh.wait_gdb=1", c, bad));
  EXPECT_TRUE(c.wait_gdb);
  ASSERT_TRUE(parse_guest_config("gh.wait_gdb=0", c, bad));
  EXPECT_FALSE(c.wait_gdb);
  EXPECT_FALSE(parse_guest_config("gh.wait_gdb=yes", c, bad));
  EXPECT_EQ(bad, "gh.wait_gdb=yes");
}

TEST(GuestConfig, GdbTakesTheUartUnlessToldVirtio) {
  GuestConfig c;
  std::string_view bad;
  EXPECT_EQ(c.gdb_transport, GdbTransport::uart);
  ASSERT_TRUE(parse_guest_config("gh.gdb=virtio", c, bad));
  EXPECT_EQ(c.gdb_transport, GdbTransport::virtio_console);
  ASSERT_TRUE(parse_guest_config("gh.gdb=uart", c, bad));
  EXPECT_EQ(c.gdb_transport, GdbTransport::uart);
  EXPECT_FALSE(parse_guest_config("gh.gdb=pci", c, bad));
  EXPECT_EQ(bad, "gh.gdb=pci");
}

TEST(GuestConfig, OffersSv48UnlessTold39) {
  GuestConfig c;
  std::string_view bad;
  EXPECT_TRUE(c.sv48);
  ASSERT_TRUE(parse_guest_config("gh.mmu=39", c, bad));
  EXPECT_FALSE(c.sv48);
  EXPECT_FALSE(parse_guest_config("gh.mmu=57", c, bad));
  EXPECT_EQ(bad, "gh.mmu=57");
}
