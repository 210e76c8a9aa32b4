#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "virtio_driver.hpp"

namespace gh::devices::test {
namespace {

using namespace blk_feature;

std::vector<uint8_t> pattern(size_t length, uint8_t seed) {
  std::vector<uint8_t> bytes(length);
  for (size_t i = 0; i < length; ++i) bytes[i] = static_cast<uint8_t>(seed + i * 7);
  return bytes;
}

// A full driver session — initialise, write two sectors, read them back — on each
// transport version and with each way of negotiating features.
struct Session {
  VirtioMmioVersion version;
  bool word0_only;
  const char* name;
};

class DriverSession : public ::testing::TestWithParam<Session> {
 protected:
  BlockRig rig{GetParam().version};

  void initialise() {
    const uint32_t status = GetParam().word0_only
                                ? rig.driver.initialise_word0_only(static_cast<uint32_t>(flush))
                                : rig.driver.initialise(flush | indirect | version_1);
    const uint32_t expected =
        GetParam().version == VirtioMmioVersion::legacy ? 1 | 2 | 4 : 1 | 2 | 4 | 8;
    ASSERT_EQ(status, expected) << "status the driver read back after DRIVER_OK";
  }
};

TEST_P(DriverSession, WritesThenReadsBackSectors) {
  initialise();
  const std::vector<uint8_t> data = pattern(1024, 3);
  rig.ram.write(VirtioDriver::data_gpa, data.data(), data.size());
  EXPECT_EQ(rig.driver.block_request(blk_type::out, 5, 1024, false), blk_status::ok);
  EXPECT_EQ(std::memcmp(rig.disk.bytes.data() + 5 * 512, data.data(), 1024), 0)
      << "the disk should hold the written sectors";
  EXPECT_EQ(rig.driver.used_index(), 1);
  EXPECT_EQ(rig.driver.used_id(0), 0u) << "used ring names the chain's head";
  EXPECT_EQ(rig.driver.used_length(0), 1u) << "a write only writes the status byte";
  EXPECT_TRUE(rig.irq.level) << "completion interrupt";

  rig.driver.set(reg::interrupt_ack, 1);
  rig.ram.fill(VirtioDriver::data_gpa, 0, 1024);
  EXPECT_EQ(rig.driver.block_request(blk_type::in, 5, 1024, true), blk_status::ok);
  std::vector<uint8_t> back(1024);
  rig.ram.read(VirtioDriver::data_gpa, back.data(), back.size());
  EXPECT_EQ(back, data) << "read should return what was written";
  EXPECT_EQ(rig.driver.used_index(), 2);
  EXPECT_EQ(rig.driver.used_length(1), 1025u) << "data plus status byte";
  EXPECT_TRUE(rig.irq.level);
  EXPECT_EQ(rig.ram.host_accesses_outside, 0);
}

TEST_P(DriverSession, FlushReachesTheBackend) {
  initialise();
  EXPECT_EQ(rig.driver.block_request(blk_type::flush, 0, 0, false), blk_status::ok);
  EXPECT_EQ(rig.disk.flushes, 1);
}

INSTANTIATE_TEST_SUITE_P(VirtioBlock, DriverSession,
                         ::testing::Values(Session{VirtioMmioVersion::modern, false, "Version2"},
                                           Session{VirtioMmioVersion::modern, true,
                                                   "Version2Word0Only"},
                                           Session{VirtioMmioVersion::legacy, false, "Version1"}),
                         [](const auto& test_info) { return std::string(test_info.param.name); });

struct BlockRequests : ::testing::Test {
  BlockRig rig{VirtioMmioVersion::modern, "glasshouse-disk"};
  VirtioDriver& driver = rig.driver;
  void SetUp() override {
    driver.initialise(flush | indirect | discard | write_zeroes | version_1);
  }
};

TEST_F(BlockRequests, DataMaySpanSeveralOddSizedBuffers) {
  const std::vector<uint8_t> data = pattern(512, 9);
  rig.disk.bytes.assign(rig.disk.bytes.size(), 0);
  std::memcpy(rig.disk.bytes.data() + 7 * 512, data.data(), 512);
  rig.ram.write_le(VirtioDriver::header_gpa, 4, blk_type::in);
  rig.ram.write_le(VirtioDriver::header_gpa + 8, 8, 7);
  driver.descriptor(0, VirtioDriver::header_gpa, 16, desc_flag::next, 1);
  driver.descriptor(1, VirtioDriver::data_gpa, 100, desc_flag::next | desc_flag::write, 2);
  driver.descriptor(2, VirtioDriver::data_gpa + 0x1000, 300, desc_flag::next | desc_flag::write, 3);
  driver.descriptor(3, VirtioDriver::data_gpa + 0x2000, 113, desc_flag::write, 0);
  driver.offer(0);
  driver.notify();
  std::vector<uint8_t> back(512);
  rig.ram.read(VirtioDriver::data_gpa, back.data(), 100);
  rig.ram.read(VirtioDriver::data_gpa + 0x1000, back.data() + 100, 300);
  rig.ram.read(VirtioDriver::data_gpa + 0x2000, back.data() + 400, 112);
  EXPECT_EQ(back, data);
  EXPECT_EQ(rig.ram.read_le(VirtioDriver::data_gpa + 0x2000 + 112, 1), blk_status::ok)
      << "status is the last byte of the last writable buffer";
  EXPECT_EQ(driver.used_length(0), 513u);
}

TEST_F(BlockRequests, IndirectTableCarriesTheWholeRequest) {
  const uint64_t table = VirtioDriver::data_gpa + 0x8000;
  const auto entry = [&](int index, uint64_t gpa, uint32_t length, uint16_t flags, uint16_t next) {
    rig.ram.write_le(table + 16 * index, 8, gpa);
    rig.ram.write_le(table + 16 * index + 8, 4, length);
    rig.ram.write_le(table + 16 * index + 12, 2, flags);
    rig.ram.write_le(table + 16 * index + 14, 2, next);
  };
  rig.ram.write_le(VirtioDriver::header_gpa, 4, blk_type::out);
  rig.ram.write_le(VirtioDriver::header_gpa + 8, 8, 1);
  const std::vector<uint8_t> data = pattern(512, 1);
  rig.ram.write(VirtioDriver::data_gpa, data.data(), 512);
  entry(0, VirtioDriver::header_gpa, 16, desc_flag::next, 1);
  entry(1, VirtioDriver::data_gpa, 512, desc_flag::next, 2);
  entry(2, VirtioDriver::status_gpa, 1, desc_flag::write, 0);
  driver.descriptor(4, table, 48, desc_flag::indirect, 0);
  driver.offer(4);
  driver.notify();
  EXPECT_EQ(rig.ram.read_le(VirtioDriver::status_gpa, 1), blk_status::ok);
  EXPECT_EQ(std::memcmp(rig.disk.bytes.data() + 512, data.data(), 512), 0);
  EXPECT_EQ(driver.used_id(0), 4u);
}

TEST_F(BlockRequests, GetIdReturnsTheSerialWithTerminator) {
  rig.ram.fill(VirtioDriver::data_gpa, 0xaa, 20);
  EXPECT_EQ(driver.block_request(blk_type::get_id, 0, 20, true), blk_status::ok);
  char id[21] = {};
  rig.ram.read(VirtioDriver::data_gpa, id, 20);
  EXPECT_STREQ(id, "glasshouse-disk");
  EXPECT_EQ(rig.ram.read_le(VirtioDriver::data_gpa + 16, 1), 0xaau) << "only serial + NUL written";
}

TEST(GetId, EmptySerialWritesOneNul) {
  BlockRig rig{VirtioMmioVersion::modern};
  rig.driver.initialise(version_1);
  rig.ram.fill(VirtioDriver::data_gpa, 0xaa, 20);
  EXPECT_EQ(rig.driver.block_request(blk_type::get_id, 0, 20, true), blk_status::ok);
  EXPECT_EQ(rig.ram.read_le(VirtioDriver::data_gpa, 2), 0xaa00u);
}

TEST(GetId, TwentyCharacterSerialHasNoTerminator) {
  BlockRig rig{VirtioMmioVersion::modern, "abcdefghijklmnopqrstUVW"};
  rig.driver.initialise(version_1);
  rig.ram.fill(VirtioDriver::data_gpa, 0xaa, 24);
  EXPECT_EQ(rig.driver.block_request(blk_type::get_id, 0, 24, true), blk_status::ok);
  char id[21] = {};
  rig.ram.read(VirtioDriver::data_gpa, id, 20);
  EXPECT_EQ(std::string(id, 20), "abcdefghijklmnopqrst");
  EXPECT_EQ(rig.ram.read_le(VirtioDriver::data_gpa + 20, 1), 0xaau);
}

TEST_F(BlockRequests, UnknownAndScsiRequestsAreUnsupported) {
  EXPECT_EQ(driver.block_request(99, 0, 0, false), blk_status::unsupported);
  EXPECT_EQ(driver.block_request(blk_type::scsi, 0, 0, false), blk_status::unsupported);
  EXPECT_FALSE(rig.device.broken()) << "unsupported is a normal completion";
}

TEST_F(BlockRequests, RequestsOutsideTheDiskFailWithIoError) {
  EXPECT_EQ(driver.block_request(blk_type::in, 63, 1024, true), blk_status::io_error)
      << "sectors 63..64 of a 64-sector disk";
  EXPECT_EQ(driver.block_request(blk_type::out, 64, 512, false), blk_status::io_error);
  EXPECT_EQ(driver.block_request(blk_type::in, ~0ull, 512, true), blk_status::io_error);
  EXPECT_EQ(driver.block_request(blk_type::in, 64, 0, true), blk_status::ok)
      << "an empty read at the very end is in range (QEMU)";
  EXPECT_FALSE(rig.device.broken());
}

TEST_F(BlockRequests, PartialSectorsFailWithIoError) {
  EXPECT_EQ(driver.block_request(blk_type::in, 0, 100, true), blk_status::io_error);
  EXPECT_EQ(driver.block_request(blk_type::out, 0, 513, false), blk_status::io_error);
}

TEST_F(BlockRequests, BackendFailureIsAnIoError) {
  rig.disk.fail = true;
  EXPECT_EQ(driver.block_request(blk_type::in, 0, 512, true), blk_status::io_error);
  EXPECT_EQ(driver.block_request(blk_type::flush, 0, 0, false), blk_status::io_error);
}

TEST_F(BlockRequests, WritesToAReadOnlyDiskFail) {
  rig.disk.readonly = true;
  EXPECT_EQ(driver.block_request(blk_type::out, 0, 512, false), blk_status::io_error);
  EXPECT_EQ(rig.disk.writes, 0) << "the backend is not even asked";
}

TEST_F(BlockRequests, WithTheWriteCacheOffEveryWriteIsFlushed) {
  ASSERT_TRUE(rig.device.write(reg::config + 32, 1, 0));
  EXPECT_EQ(driver.block_request(blk_type::out, 0, 512, false), blk_status::ok);
  EXPECT_EQ(rig.disk.flushes, 1);
}

TEST(WriteCache, DriverWithoutFlushOrConfigWceGetsWriteThrough) {
  BlockRig rig{VirtioMmioVersion::modern};
  rig.driver.initialise(version_1);
  EXPECT_FALSE(rig.block.write_cache_enabled());
  EXPECT_EQ(rig.device.read(reg::config + 32, 1), 0u) << "wce reads 0";
  EXPECT_EQ(rig.driver.block_request(blk_type::out, 0, 512, false), blk_status::ok);
  EXPECT_EQ(rig.disk.flushes, 1) << "each write is flushed";
}

TEST(WriteCache, DriverNegotiatingFlushKeepsTheCache) {
  BlockRig rig{VirtioMmioVersion::modern};
  rig.driver.initialise(flush | version_1);
  EXPECT_TRUE(rig.block.write_cache_enabled());
}

TEST(WriteCache, ResetRestoresTheCache) {
  BlockRig rig{VirtioMmioVersion::modern};
  rig.driver.initialise(version_1);
  rig.driver.set(reg::status, 0);
  EXPECT_TRUE(rig.block.write_cache_enabled());
}

struct DiscardSegment {
  uint64_t sector;
  uint32_t count;
  uint32_t flags;
};

uint8_t discard_request(BlockRig& rig, uint32_t type, DiscardSegment segment) {
  rig.ram.write_le(VirtioDriver::data_gpa, 8, segment.sector);
  rig.ram.write_le(VirtioDriver::data_gpa + 8, 4, segment.count);
  rig.ram.write_le(VirtioDriver::data_gpa + 12, 4, segment.flags);
  return rig.driver.block_request(type, 0, 16, false);
}

TEST_F(BlockRequests, WriteZeroesClearsTheSectors) {
  rig.disk.bytes.assign(rig.disk.bytes.size(), 0x5a);
  EXPECT_EQ(discard_request(rig, blk_type::write_zeroes, {2, 3, 0}), blk_status::ok);
  EXPECT_EQ(rig.disk.bytes[2 * 512 - 1], 0x5a);
  EXPECT_EQ(rig.disk.bytes[2 * 512], 0);
  EXPECT_EQ(rig.disk.bytes[5 * 512 - 1], 0);
  EXPECT_EQ(rig.disk.bytes[5 * 512], 0x5a);
}

TEST_F(BlockRequests, DiscardKeepsTheDataAsQemuDefaultIgnore) {
  rig.disk.bytes.assign(rig.disk.bytes.size(), 0x5a);
  EXPECT_EQ(discard_request(rig, blk_type::discard, {0, 4, 0}), blk_status::ok);
  EXPECT_EQ(rig.disk.bytes[0], 0x5a);
}

TEST_F(BlockRequests, DiscardAndWriteZeroesValidateTheirSegment) {
  EXPECT_EQ(discard_request(rig, blk_type::discard, {0, 1, 1}), blk_status::unsupported)
      << "discard with UNMAP";
  EXPECT_EQ(discard_request(rig, blk_type::write_zeroes, {0, 1, 2}), blk_status::unsupported)
      << "unknown flag";
  EXPECT_EQ(discard_request(rig, blk_type::write_zeroes, {60, 5, 0}), blk_status::io_error)
      << "past the end";
  EXPECT_EQ(driver.block_request(blk_type::discard, 0, 32, false), blk_status::unsupported)
      << "more than one segment";
  EXPECT_FALSE(rig.device.broken());
}

TEST_F(BlockRequests, NoInterruptFlagSuppressesTheInterrupt) {
  rig.ram.write_le(VirtioDriver::available, 2, 1);  // VRING_AVAIL_F_NO_INTERRUPT
  EXPECT_EQ(driver.block_request(blk_type::flush, 0, 0, false), blk_status::ok);
  EXPECT_FALSE(rig.irq.level);
  EXPECT_EQ(driver.used_index(), 1) << "the request still completes";
}

TEST(EventIndex, UsedEventDecidesTheInterruptAndAvailEventIsPublished) {
  BlockRig rig{VirtioMmioVersion::modern};
  rig.driver.initialise(event_idx | version_1);
  const uint64_t used_event = VirtioDriver::available + 4 + 2 * VirtioDriver::queue_size;
  const uint64_t avail_event = VirtioDriver::used + 4 + 8 * VirtioDriver::queue_size;
  rig.ram.write_le(used_event, 2, 5);  // interrupt me when used idx passes 5
  EXPECT_EQ(rig.driver.block_request(blk_type::flush, 0, 0, false), blk_status::ok);
  EXPECT_TRUE(rig.irq.level) << "the first completion always notifies";
  rig.driver.set(reg::interrupt_ack, 1);
  EXPECT_EQ(rig.driver.block_request(blk_type::flush, 0, 0, false), blk_status::ok);
  EXPECT_FALSE(rig.irq.level) << "used idx 2 has not passed used_event 5";
  EXPECT_EQ(rig.ram.read_le(avail_event, 2), 2u) << "device asks for a kick at the next entry";
  for (int i = 0; i < 4; ++i) rig.driver.block_request(blk_type::flush, 0, 0, false);
  EXPECT_TRUE(rig.irq.level) << "used idx 6 passed used_event 5";
}

}  // namespace
}  // namespace gh::devices::test
