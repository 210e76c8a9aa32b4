// A driver that breaks the virtqueue protocol gets QEMU's error behaviour — the device
// stops, and with VIRTIO_F_VERSION_1 negotiated reports DEVICE_NEEDS_RESET through a
// configuration interrupt — and never reaches memory outside guest RAM.
#include <gtest/gtest.h>

#include "virtio_driver.hpp"

namespace gh::devices::test {
namespace {

using namespace blk_feature;
constexpr uint32_t needs_reset = 0x40;

struct Misbehaving : ::testing::Test {
  BlockRig rig{VirtioMmioVersion::modern};
  VirtioDriver& driver = rig.driver;

  void SetUp() override {
    driver.initialise(indirect | version_1);
    rig.ram.write_le(VirtioDriver::status_gpa, 1, VirtioDriver::status_untouched);
  }

  void set_header(uint32_t type, uint64_t sector) {
    rig.ram.write_le(VirtioDriver::header_gpa, 4, type);
    rig.ram.write_le(VirtioDriver::header_gpa + 8, 8, sector);
    rig.ram.write_le(VirtioDriver::status_gpa, 1, VirtioDriver::status_untouched);
  }
  void submit(uint16_t head) {
    driver.offer(head);
    driver.notify();
  }

  // What the guest should see after a protocol error.
  void expect_device_needs_reset(const char* what) {
    EXPECT_TRUE(rig.device.broken()) << what;
    EXPECT_NE(driver.reg(reg::status) & needs_reset, 0u)
        << what << ": status 0x" << std::hex << driver.reg(reg::status)
        << " should have DEVICE_NEEDS_RESET";
    EXPECT_NE(driver.reg(reg::interrupt_status) & 2, 0u)
        << what << ": a configuration-change interrupt should tell the driver";
    EXPECT_TRUE(rig.irq.level);
    EXPECT_EQ(driver.used_index(), 0) << what << ": the bad request is not completed";
    EXPECT_EQ(rig.ram.read_le(VirtioDriver::status_gpa, 1), VirtioDriver::status_untouched);
    EXPECT_EQ(rig.ram.host_accesses_outside, 0) << what << ": host memory outside guest RAM";
  }
};

TEST_F(Misbehaving, HeadIndexBeyondTheQueue) {
  submit(VirtioDriver::queue_size);
  expect_device_needs_reset("head 8 in a queue of 8");
}

TEST_F(Misbehaving, NextIndexBeyondTheQueue) {
  set_header(blk_type::flush, 0);
  driver.descriptor(0, VirtioDriver::header_gpa, 16, desc_flag::next, 200);
  submit(0);
  expect_device_needs_reset("next = 200");
}

TEST_F(Misbehaving, DescriptorChainLoop) {
  set_header(blk_type::in, 0);
  driver.descriptor(0, VirtioDriver::header_gpa, 16, desc_flag::next, 1);
  driver.descriptor(1, VirtioDriver::data_gpa, 512, desc_flag::next | desc_flag::write, 1);
  submit(0);
  expect_device_needs_reset("descriptor 1 chains to itself");
}

TEST_F(Misbehaving, ZeroLengthBuffer) {
  set_header(blk_type::in, 0);
  driver.descriptor(0, VirtioDriver::header_gpa, 16, desc_flag::next, 1);
  driver.descriptor(1, VirtioDriver::data_gpa, 0, desc_flag::next | desc_flag::write, 2);
  driver.descriptor(2, VirtioDriver::status_gpa, 1, desc_flag::write, 0);
  submit(0);
  expect_device_needs_reset("zero-length buffer");
}

struct OutsideRam {
  uint64_t gpa;
  const char* what;
};

class DmaOutsideRam : public Misbehaving, public ::testing::WithParamInterface<OutsideRam> {};

TEST_P(DmaOutsideRam, DataBufferIsRefused) {
  set_header(blk_type::in, 0);
  driver.descriptor(0, VirtioDriver::header_gpa, 16, desc_flag::next, 1);
  driver.descriptor(1, GetParam().gpa, 512, desc_flag::next | desc_flag::write, 2);
  driver.descriptor(2, VirtioDriver::status_gpa, 1, desc_flag::write, 0);
  submit(0);
  expect_device_needs_reset(GetParam().what);
}

INSTANTIATE_TEST_SUITE_P(Virtqueue, DmaOutsideRam,
                         ::testing::Values(OutsideRam{0x1000, "a hole below RAM"},
                                           OutsideRam{GuestRam::mmio_gpa, "a device's registers"},
                                           OutsideRam{GuestRam::base + GuestRam::size - 256,
                                                      "running off RAM's end"},
                                           OutsideRam{~0ull - 100, "an address that wraps"},
                                           OutsideRam{GuestRam::base - 512, "just below RAM"}));

TEST_F(Misbehaving, ReadableBufferAfterAWritableOne) {
  set_header(blk_type::out, 0);
  driver.descriptor(0, VirtioDriver::header_gpa, 16, desc_flag::next | desc_flag::write, 1);
  driver.descriptor(1, VirtioDriver::data_gpa, 512, desc_flag::next, 2);
  driver.descriptor(2, VirtioDriver::status_gpa, 1, desc_flag::write, 0);
  submit(0);
  expect_device_needs_reset("readable after writable");
}

TEST_F(Misbehaving, RequestWithoutStatusByte) {
  set_header(blk_type::out, 0);
  driver.descriptor(0, VirtioDriver::header_gpa, 16, desc_flag::next, 1);
  driver.descriptor(1, VirtioDriver::data_gpa, 512, 0, 0);
  submit(0);
  expect_device_needs_reset("no writable descriptor");
}

TEST_F(Misbehaving, HeaderShorterThanSixteenBytes) {
  set_header(blk_type::in, 0);
  driver.descriptor(0, VirtioDriver::header_gpa, 8, desc_flag::next, 2);
  driver.descriptor(2, VirtioDriver::status_gpa, 1, desc_flag::write, 0);
  submit(0);
  expect_device_needs_reset("8-byte header");
}

TEST_F(Misbehaving, IndirectTableOfBadSize) {
  driver.descriptor(0, VirtioDriver::data_gpa, 40, desc_flag::indirect, 0);
  submit(0);
  expect_device_needs_reset("indirect table of 40 bytes");
}

TEST_F(Misbehaving, IndirectTableOutsideRam) {
  driver.descriptor(0, GuestRam::mmio_gpa, 48, desc_flag::indirect, 0);
  submit(0);
  expect_device_needs_reset("indirect table in MMIO");
}

TEST_F(Misbehaving, LoopInsideAnIndirectTable) {
  const uint64_t table = VirtioDriver::data_gpa;
  rig.ram.write_le(table, 8, VirtioDriver::header_gpa);
  rig.ram.write_le(table + 8, 4, 16);
  rig.ram.write_le(table + 12, 2, desc_flag::next);
  rig.ram.write_le(table + 14, 2, 0);  // entry 0 -> entry 0
  driver.descriptor(0, table, 32, desc_flag::indirect, 0);
  submit(0);
  expect_device_needs_reset("indirect entry chaining to itself");
}

TEST_F(Misbehaving, MoreBuffersThanTheDeviceTakes) {
  constexpr int entries = 1100;  // a legal-looking table, but over QEMU's 1024 buffers
  const uint64_t table = VirtioDriver::data_gpa;
  for (int i = 0; i < entries; ++i) {
    const uint64_t entry = table + 16ull * i;
    rig.ram.write_le(entry, 8, VirtioDriver::header_gpa);
    rig.ram.write_le(entry + 8, 4, 16);
    rig.ram.write_le(entry + 12, 2, i + 1 < entries ? desc_flag::next : 0);
    rig.ram.write_le(entry + 14, 2, static_cast<uint64_t>(i + 1));
  }
  driver.descriptor(0, table, 16 * entries, desc_flag::indirect, 0);
  submit(0);
  expect_device_needs_reset("1100 buffers in one request");
}

TEST_F(Misbehaving, AvailableIndexRunningAheadOfTheQueue) {
  rig.ram.write_le(VirtioDriver::available + 2, 2, 100);
  driver.notify();
  expect_device_needs_reset("avail idx 100 in a queue of 8");
}

TEST_F(Misbehaving, RingsOutsideRamAtQueueReady) {
  driver.set(reg::queue_ready, 0);
  driver.set(reg::desc_low, static_cast<uint32_t>(GuestRam::mmio_gpa));
  driver.set(reg::queue_ready, 1);
  EXPECT_TRUE(rig.device.broken()) << "QEMU: cannot map the descriptor ring";
  EXPECT_NE(driver.reg(reg::status) & needs_reset, 0u);
  EXPECT_EQ(rig.ram.host_accesses_outside, 0);
}

TEST_F(Misbehaving, UsedRingRunningOffRamAtQueueReady) {
  driver.set(reg::device_low, static_cast<uint32_t>(GuestRam::base + GuestRam::size - 16));
  driver.set(reg::queue_ready, 1);
  EXPECT_TRUE(rig.device.broken());
}

TEST_F(Misbehaving, BrokenDeviceIgnoresFurtherRequestsUntilReset) {
  submit(VirtioDriver::queue_size);
  ASSERT_TRUE(rig.device.broken());
  EXPECT_EQ(driver.block_request(blk_type::flush, 0, 0, false), VirtioDriver::status_untouched);
  driver.initialise(version_1);
  EXPECT_FALSE(rig.device.broken()) << "status 0 resets the device";
  EXPECT_EQ(driver.block_request(blk_type::flush, 0, 0, false), blk_status::ok);
}

TEST_F(Misbehaving, OversizedRequestIsAnIoErrorNotABreak) {
  set_header(blk_type::in, 0);
  driver.descriptor(0, VirtioDriver::header_gpa, 16, desc_flag::next, 1);
  driver.descriptor(1, GuestRam::base, GuestRam::size, desc_flag::next | desc_flag::write, 2);
  driver.descriptor(2, GuestRam::base, 1, desc_flag::write, 0);
  submit(0);
  EXPECT_FALSE(rig.device.broken());
  EXPECT_EQ(rig.ram.read_le(GuestRam::base, 1), blk_status::io_error)
      << "1 MiB from a 32 KiB disk completes with IOERR";
  EXPECT_EQ(rig.ram.host_accesses_outside, 0);
}

TEST(LegacyMisbehaving, ErrorStopsTheDeviceWithoutNeedsReset) {
  BlockRig rig{VirtioMmioVersion::legacy};
  rig.driver.initialise(0);
  rig.driver.offer(VirtioDriver::queue_size);
  rig.driver.notify();
  EXPECT_TRUE(rig.device.broken());
  EXPECT_EQ(rig.driver.reg(reg::status) & needs_reset, 0u) << "legacy drivers are not told";
  EXPECT_FALSE(rig.irq.level);
}

TEST(LegacyMisbehaving, QueuePfnOutsideRamBreaksTheDevice) {
  BlockRig rig{VirtioMmioVersion::legacy};
  rig.driver.set(reg::guest_page_size, 4096);
  rig.driver.set(reg::queue_pfn, static_cast<uint32_t>(GuestRam::mmio_gpa >> 12));
  EXPECT_TRUE(rig.device.broken());
  rig.driver.notify();
  EXPECT_EQ(rig.ram.host_accesses_outside, 0);
}

TEST(Word0OnlyMisbehaving, ErrorIsReportedTheLegacyWay) {
  BlockRig rig{VirtioMmioVersion::modern};
  rig.driver.initialise_word0_only(0);
  rig.driver.offer(VirtioDriver::queue_size);
  rig.driver.notify();
  EXPECT_TRUE(rig.device.broken());
  EXPECT_EQ(rig.driver.reg(reg::status) & needs_reset, 0u)
      << "without VERSION_1 QEMU does not set DEVICE_NEEDS_RESET";
}

}  // namespace
}  // namespace gh::devices::test
