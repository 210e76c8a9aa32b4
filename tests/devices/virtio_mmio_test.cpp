#include <gtest/gtest.h>

#include "virtio_driver.hpp"

namespace gh::devices::test {
namespace {

using namespace blk_feature;

struct ModernTransport : ::testing::Test {
  BlockRig rig{VirtioMmioVersion::modern};
  VirtioDriver& driver = rig.driver;
  VirtioMmio& device = rig.device;
};

struct LegacyTransport : ::testing::Test {
  BlockRig rig{VirtioMmioVersion::legacy};
  VirtioDriver& driver = rig.driver;
  VirtioMmio& device = rig.device;
};

TEST_F(ModernTransport, IdentifiesAsQemuVirtioBlockVersion2) {
  EXPECT_EQ(driver.reg(reg::magic), 0x74726976u) << "\"virt\"";
  EXPECT_EQ(driver.reg(reg::version), 2u);
  EXPECT_EQ(driver.reg(reg::device_id), 2u) << "block device";
  EXPECT_EQ(driver.reg(reg::vendor), 0x554d4551u) << "\"QEMU\"";
}

TEST_F(LegacyTransport, IdentifiesAsVersion1) { EXPECT_EQ(driver.reg(reg::version), 1u); }

TEST_F(ModernTransport, OffersQemuFeaturesWithVersion1InWordOne) {
  const uint64_t offered = driver.offered_features();
  const uint64_t expected = seg_max | geometry | blk_size | flush | topology | config_wce |
                            discard | write_zeroes | indirect | event_idx | version_1;
  EXPECT_EQ(offered, expected) << std::hex << "offered 0x" << offered << ", QEMU offers 0x"
                               << expected;
}

TEST_F(LegacyTransport, OffersLegacyFeaturesInWordZeroOnly) {
  const uint64_t offered = driver.offered_features();
  EXPECT_EQ(offered >> 32, 0u) << "legacy has no second feature word";
  EXPECT_NE(offered & scsi, 0u) << "QEMU offers SCSI to legacy drivers";
  EXPECT_NE(offered & notify_on_empty, 0u);
  EXPECT_EQ(offered & any_layout, 0u) << "virtio-blk withdraws ANY_LAYOUT on legacy";
}

TEST(ReadOnlyDisk, OffersTheReadOnlyFeature) {
  BlockRig rig{VirtioMmioVersion::modern};
  rig.disk.readonly = true;
  VirtioBlock block(rig.disk, rig.ram.dma);
  VirtioMmio device(VirtioMmioVersion::modern, block, rig.ram.dma, rig.irq);
  VirtioDriver driver(rig.ram, device);
  EXPECT_NE(driver.offered_features() & read_only, 0u);
}

TEST_F(ModernTransport, QueueZeroExistsOthersDoNot) {
  driver.set(reg::queue_sel, 0);
  EXPECT_EQ(driver.reg(reg::queue_num_max), 1024u) << "QEMU reports VIRTQUEUE_MAX_SIZE";
  driver.set(reg::queue_sel, 1);
  EXPECT_EQ(driver.reg(reg::queue_num_max), 0u);
  driver.set(reg::queue_sel, 5000);
  EXPECT_EQ(driver.reg(reg::queue_num_max), 0u) << "an out-of-range select is ignored";
}

TEST_F(ModernTransport, DriverFeaturesTakeEffectAtFeaturesOk) {
  driver.set(reg::status, 1 | 2);
  driver.set(reg::driver_features_sel, 0);
  driver.set(reg::driver_features, static_cast<uint32_t>(flush | event_idx));
  driver.set(reg::driver_features_sel, 1);
  driver.set(reg::driver_features, 1);
  EXPECT_EQ(device.negotiated_features(), 0u) << "nothing negotiated before FEATURES_OK";
  driver.set(reg::status, 1 | 2 | 8);
  EXPECT_EQ(device.negotiated_features(), flush | event_idx | version_1);
  EXPECT_EQ(driver.reg(reg::status), 1u | 2 | 8);
}

TEST_F(ModernTransport, FeaturesNotOfferedAreDropped) {
  driver.set(reg::driver_features, 0xffff'ffff);
  driver.set(reg::status, 1 | 2 | 8);
  EXPECT_EQ(device.negotiated_features() & ~device.offered_features(), 0u);
}

TEST_F(ModernTransport, FeaturesAreFrozenOnceFeaturesOk) {
  driver.set(reg::driver_features, static_cast<uint32_t>(flush));
  driver.set(reg::status, 1 | 2 | 8);
  driver.set(reg::driver_features, static_cast<uint32_t>(indirect));
  driver.set(reg::status, 1 | 2 | 8 | 4);
  EXPECT_EQ(device.negotiated_features(), flush);
}

TEST_F(ModernTransport, Word0OnlyDriverIsAcceptedWithoutVersion1) {
  const uint32_t status = driver.initialise_word0_only(static_cast<uint32_t>(flush));
  EXPECT_EQ(status, 1u | 2 | 8 | 4) << "FEATURES_OK must stick, or an xv6-style driver panics";
  EXPECT_EQ(device.negotiated_features(), flush) << "VERSION_1 not negotiated";
}

TEST_F(ModernTransport, WritingStatusZeroResetsTheDevice) {
  driver.initialise(version_1);
  ASSERT_EQ(driver.block_request(blk_type::flush, 0, 0, false), blk_status::ok);
  ASSERT_TRUE(rig.irq.level);
  driver.set(reg::status, 0);
  EXPECT_EQ(driver.reg(reg::status), 0u);
  EXPECT_EQ(driver.reg(reg::interrupt_status), 0u);
  EXPECT_FALSE(rig.irq.level) << "reset lowers the interrupt";
  EXPECT_EQ(driver.reg(reg::queue_ready), 0u);
  EXPECT_EQ(device.negotiated_features(), 0u);
}

TEST_F(ModernTransport, InterruptAckClearsTheGivenBits) {
  driver.initialise(version_1);
  ASSERT_EQ(driver.block_request(blk_type::flush, 0, 0, false), blk_status::ok);
  EXPECT_EQ(driver.reg(reg::interrupt_status), 1u) << "used-buffer notification";
  driver.set(reg::interrupt_ack, 2);
  EXPECT_TRUE(rig.irq.level) << "acknowledging another bit leaves it";
  driver.set(reg::interrupt_ack, 1);
  EXPECT_FALSE(rig.irq.level);
  EXPECT_EQ(driver.reg(reg::interrupt_status), 0u);
}

TEST_F(ModernTransport, QueueReadyReadsBack) {
  driver.initialise(version_1);
  EXPECT_EQ(driver.reg(reg::queue_ready), 1u);
  driver.set(reg::queue_ready, 0);
  EXPECT_EQ(driver.reg(reg::queue_ready), 0u);
}

TEST_F(ModernTransport, ConfigSpaceHoldsCapacityAndGeometry) {
  EXPECT_EQ(device.read(reg::config, 8), 64u) << "capacity in 512-byte sectors";
  EXPECT_EQ(device.read(reg::config, 4), 64u);
  EXPECT_EQ(device.read(reg::config + 4, 4), 0u);
  EXPECT_EQ(device.read(reg::config + 12, 4), 254u) << "seg_max = queue size - 2";
  EXPECT_EQ(device.read(reg::config + 16, 2), 2u) << "cylinders, at least 2";
  EXPECT_EQ(device.read(reg::config + 18, 1), 16u) << "heads";
  EXPECT_EQ(device.read(reg::config + 19, 1), 63u) << "sectors per track";
  EXPECT_EQ(device.read(reg::config + 20, 4), 512u) << "blk_size";
  EXPECT_EQ(device.read(reg::config + 32, 1), 1u) << "write cache on";
  EXPECT_EQ(device.read(reg::config + 34, 2), 1u) << "num_queues";
}

TEST_F(ModernTransport, ConfigReadsPastTheEndReturnAllOnes) {
  EXPECT_EQ(device.read(reg::config + 56, 4), 0xffff'ffffu);
  EXPECT_EQ(device.read(reg::config + 0x80, 1), 0xffu);
}

TEST_F(ModernTransport, OnlyTheWriteCacheByteOfConfigIsWritable) {
  ASSERT_TRUE(device.write(reg::config + 32, 1, 0));
  EXPECT_FALSE(rig.block.write_cache_enabled());
  EXPECT_EQ(device.read(reg::config + 32, 1), 0u);
  ASSERT_TRUE(device.write(reg::config, 4, 7));
  EXPECT_EQ(device.read(reg::config, 4), 64u) << "capacity is read-only";
}

TEST_F(ModernTransport, NarrowRegisterAccessesReadZeroAndAreIgnored) {
  EXPECT_EQ(device.read(reg::magic, 2), 0u);
  ASSERT_TRUE(device.write(reg::status, 1, 1));
  EXPECT_EQ(driver.reg(reg::status), 0u);
}

TEST_F(ModernTransport, DoublewordAccessesSplitIntoTwoRegisters) {
  EXPECT_EQ(device.read(reg::magic, 8), 0x74726976u | (2ull << 32));
}

TEST_F(ModernTransport, MisalignedAndOutOfWindowAccessesFault) {
  EXPECT_FALSE(device.read(reg::magic + 2, 4).has_value());
  EXPECT_FALSE(device.read(0x200, 4).has_value());
  EXPECT_FALSE(device.write(0xffc, 4, 0));
}

TEST_F(ModernTransport, LegacyOnlyRegistersAreInertOnVersion2) {
  driver.set(reg::queue_pfn, 0x12345);
  EXPECT_EQ(driver.reg(reg::queue_pfn), 0u);
  EXPECT_EQ(driver.reg(reg::config_generation), 0u);
}

TEST_F(LegacyTransport, QueuePfnReadsBackInGuestPages) {
  driver.initialise(0);
  EXPECT_EQ(driver.reg(reg::queue_pfn), VirtioDriver::descriptors >> 12);
  EXPECT_EQ(driver.reg(reg::queue_ready), 0u) << "no QueueReady on legacy";
}

TEST_F(LegacyTransport, QueuePfnZeroResetsTheDevice) {
  driver.initialise(0);
  driver.set(reg::queue_pfn, 0);
  EXPECT_EQ(driver.reg(reg::status), 0u);
  EXPECT_EQ(driver.reg(reg::queue_pfn), 0u);
}

TEST_F(LegacyTransport, FeaturesTakeEffectWhenWritten) {
  driver.set(reg::driver_features, static_cast<uint32_t>(flush | scsi));
  EXPECT_EQ(device.negotiated_features(), flush | scsi);
  driver.set(reg::driver_features_sel, 1);
  driver.set(reg::driver_features, 0xffff'ffff);
  EXPECT_EQ(device.negotiated_features(), flush | scsi) << "page 1 does not exist on legacy";
}

}  // namespace
}  // namespace gh::devices::test
