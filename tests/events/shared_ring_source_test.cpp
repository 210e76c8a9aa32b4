// The host's byte source over a ring file (gh-events / the inspector / the relay with
// --connect shm:PATH): it reads the event ring and writes commands into the command ring,
// queueing them until the hypervisor has laid the rings out.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "byte_source.hpp"
#include "events/shared_ring.hpp"

namespace gh::model {
namespace {

using Bytes = std::vector<uint8_t>;

// A ring file as the launcher makes it (zeroed), mapped as the hypervisor sees its BAR.
class RingFile : public testing::Test {
 protected:
  static constexpr size_t size = events::shared_ring_min_memory;

  void SetUp() override {
    char name[] = "/tmp/gh-ring-test-XXXXXX";
    const int fd = ::mkstemp(name);
    ASSERT_GE(fd, 0);
    path_ = name;
    ASSERT_EQ(::ftruncate(fd, size), 0);
    void* memory = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    ::close(fd);
    ASSERT_NE(memory, MAP_FAILED);
    bar_ = {static_cast<uint8_t*>(memory), size};
  }
  void TearDown() override {
    if (!bar_.empty()) ::munmap(bar_.data(), bar_.size());
    ::unlink(path_.c_str());
  }

  Bytes commands_received() {
    Bytes all(512);
    all.resize(hypervisor_.read_commands(all));
    return all;
  }

  std::string path_;
  std::span<uint8_t> bar_;
  events::SharedRingHypervisorEnd hypervisor_;
};

TEST_F(RingFile, CommandsWaitForTheHypervisorThenReachIt) {
  OpenedSource opened = open_shared_ring_source(path_);
  ASSERT_TRUE(opened.source) << opened.error;
  ByteSource& host = *opened.source;
  EXPECT_TRUE(host.send(Bytes{1, 2, 0})) << "queued: the rings are not laid out yet";
  Bytes out(64);
  EXPECT_EQ(host.read(out, 0).size, 0u);
  ASSERT_TRUE(hypervisor_.initialize(bar_));
  EXPECT_EQ(host.read(out, 0).size, 0u);  // no events yet; the queued command goes out
  EXPECT_EQ(commands_received(), (Bytes{1, 2, 0}));
  EXPECT_TRUE(host.send(Bytes{3, 0}));
  EXPECT_EQ(commands_received(), (Bytes{3, 0})) << "written at once once laid out";
}

TEST_F(RingFile, EventsComeInUntilTheHypervisorClosesTheRing) {
  ASSERT_TRUE(hypervisor_.initialize(bar_));
  OpenedSource opened = open_shared_ring_source(path_);
  ASSERT_TRUE(opened.source) << opened.error;
  ASSERT_TRUE(hypervisor_.try_write_events(Bytes{9, 8, 0}));
  hypervisor_.close();
  Bytes out(64);
  const ReadResult first = opened.source->read(out, 100);
  ASSERT_EQ(first.size, 3u);
  EXPECT_FALSE(first.end);
  EXPECT_TRUE(opened.source->read(out, 100).end);
}

TEST(SharedRingSource, RefusesAFileTooSmallForARing) {
  char name[] = "/tmp/gh-ring-test-XXXXXX";
  const int fd = ::mkstemp(name);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, 8192), 0);
  ::close(fd);
  OpenedSource opened = open_shared_ring_source(name);
  ::unlink(name);
  EXPECT_FALSE(opened.source);
  EXPECT_NE(opened.error.find("is not an event ring"), std::string::npos) << opened.error;
}

}  // namespace
}  // namespace gh::model
