// The driver against the repository's own model of QEMU 7.2's modern virtio-mmio
// transport (devices/virtio_mmio.hpp) and split virtqueue walk (devices/virtqueue.hpp),
// with a small console device behind it. Unlike the fake device, the model reads the
// rings at the offsets the spec gives, not through the driver's own structs: it checks
// their layout, the register protocol (FEATURES_OK, QueueReady) and the notifications.
#include <gtest/gtest.h>

#include <memory>
#include <new>
#include <string>
#include <vector>

#include "devices/virtio_mmio.hpp"
#include "drivers/virtio_console.hpp"
#include "fakes.hpp"

using namespace gh::devices;
using gh::drivers::ConsoleStart;
using gh::drivers::VirtioConsole;
using gh::drivers::VirtioConsoleMemory;

namespace {

// Transmitted bytes are kept; bytes for the driver wait until it posts receive buffers.
class ConsoleModel final : public VirtioDevice {
 public:
  explicit ConsoleModel(DmaMemory& memory) : memory_(memory) {}

  uint32_t device_id() const override { return virtio::device_id::console; }
  uint64_t offered_features(uint64_t transport) const override {
    return transport | virtio::console::feature_multiport |
           virtio::console::feature_emergency_write;
  }
  uint16_t queue_count() const override { return 2; }
  uint16_t default_queue_size() const override { return 128; }
  uint32_t config_size() const override { return 0; }
  uint8_t read_config(uint32_t) const override { return 0; }
  void write_config(uint32_t, uint8_t) override {}
  void set_negotiated_features(uint64_t features) override { negotiated = features; }
  void set_status(uint8_t) override {}
  void reset() override {}
  QueueResult process_queue(uint16_t index, Virtqueue& queue) override {
    ++notifications[index];
    return index == virtio::console::transmit_queue ? transmit(queue) : receive(queue);
  }

  uint64_t negotiated = 0;
  std::string transmitted;
  std::string pending;  // host to driver
  std::vector<uint32_t> transmit_chain_bytes;
  int notifications[2] = {0, 0};

 private:
  QueueResult transmit(Virtqueue& queue) {
    for (;;) {
      const PopResult popped = queue.pop(*chain_);
      if (popped != PopResult::chain)
        return popped == PopResult::empty ? QueueResult::ok : QueueResult::device_error;
      std::string bytes(chain_->readable_bytes, '\0');
      SegmentCursor cursor(memory_, chain_->readable());
      if (!cursor.copy_out({reinterpret_cast<uint8_t*>(bytes.data()), bytes.size()}) ||
          !queue.push(chain_->head, 0)) {
        return QueueResult::device_error;
      }
      transmitted += bytes;
      transmit_chain_bytes.push_back(static_cast<uint32_t>(bytes.size()));
    }
  }
  QueueResult receive(Virtqueue& queue) {
    while (!pending.empty()) {
      const PopResult popped = queue.pop(*chain_);
      if (popped != PopResult::chain)
        return popped == PopResult::empty ? QueueResult::ok : QueueResult::device_error;
      const size_t n = std::min<size_t>(chain_->writable_bytes, pending.size());
      SegmentCursor cursor(memory_, chain_->writable());
      if (!cursor.copy_in({reinterpret_cast<const uint8_t*>(pending.data()), n}) ||
          !queue.push(chain_->head, static_cast<uint32_t>(n))) {
        return QueueResult::device_error;
      }
      pending.erase(0, n);
    }
    return QueueResult::ok;
  }

  DmaMemory& memory_;
  std::unique_ptr<DescriptorChain> chain_ = std::make_unique<DescriptorChain>();
};

// The transport's registers; driver memory lies in the fake guest RAM, at its gpa.
class ModelRegisters final : public gh::drivers::VirtioRegisters {
 public:
  ModelRegisters(VirtioMmio& transport, test::GuestRam& ram) : transport_(transport), ram_(ram) {}
  uint32_t read32(uint64_t offset) override {
    return static_cast<uint32_t>(transport_.read(offset, 4).value_or(0xdead'beef));
  }
  void write32(uint64_t offset, uint32_t value) override {
    EXPECT_TRUE(transport_.write(offset, 4, value));
  }
  uint64_t device_address(const void* memory) override {
    const auto* host = reinterpret_cast<const uint8_t*>(memory);
    return test::GuestRam::base + static_cast<uint64_t>(host - ram_start());
  }
  uint8_t* ram_start() { return reinterpret_cast<uint8_t*>(ram_.word(0)); }

 private:
  VirtioMmio& transport_;
  test::GuestRam& ram_;
};

class ConsoleOverModelTest : public ::testing::Test {
 protected:
  std::string receive_all() {
    std::string text;
    uint8_t buffer[1000];
    for (size_t n; (n = console.receive(buffer)) != 0;)
      text.append(reinterpret_cast<char*>(buffer), n);
    return text;
  }

  std::unique_ptr<test::GuestRam> ram = std::make_unique<test::GuestRam>();
  test::RecordingLine irq;
  ConsoleModel model{ram->dma};
  VirtioMmio transport{VirtioMmioVersion::modern, model, ram->dma, irq};
  ModelRegisters registers{transport, *ram};
  VirtioConsoleMemory* memory = new (registers.ram_start()) VirtioConsoleMemory;
  VirtioConsole console{registers, *memory};
};

TEST_F(ConsoleOverModelTest, NegotiatesOnlyVersion1AndRuns) {
  ASSERT_EQ(console.start(), ConsoleStart::ok);
  EXPECT_EQ(model.negotiated, virtio::feature::version_1);
  EXPECT_EQ(transport.status(), virtio::status::acknowledge | virtio::status::driver |
                                    virtio::status::features_ok | virtio::status::driver_ok);
  EXPECT_FALSE(transport.broken());
  EXPECT_EQ(ram->host_accesses_outside, 0);
}

TEST_F(ConsoleOverModelTest, RepliesLeaveAsOneChainEach) {
  ASSERT_EQ(console.start(), ConsoleStart::ok);
  const std::string reply = "$" + std::string(9000, '5') + "#a0";
  ASSERT_TRUE(console.send({reinterpret_cast<const uint8_t*>(reply.data()), reply.size()}));
  ASSERT_TRUE(console.send({reinterpret_cast<const uint8_t*>("$OK#9a"), 6}));
  EXPECT_EQ(model.transmitted, reply + "$OK#9a");
  EXPECT_EQ(model.transmit_chain_bytes, (std::vector<uint32_t>{9004, 6}));
  console.flush();
  EXPECT_EQ(console.transmit_queue().in_flight(), 0);
  EXPECT_FALSE(transport.broken());
}

// More than every receive buffer holds: the model fills what is posted, the driver reads
// it, posts the buffers again and notifies, and the model goes on.
TEST_F(ConsoleOverModelTest, ReceivesMoreThanItsBuffersHoldThroughReposting) {
  std::string sent(
      gh::drivers::console_receive_buffers * gh::drivers::console_receive_buffer_bytes * 3 + 17,
      '\0');
  for (size_t i = 0; i < sent.size(); ++i) sent[i] = static_cast<char>(i * 7 + i / 4096);
  model.pending = sent;
  ASSERT_EQ(console.start(), ConsoleStart::ok);
  std::string got;
  for (int round = 0; round < 100 && got.size() < sent.size(); ++round) got += receive_all();
  EXPECT_EQ(got.size(), sent.size());
  EXPECT_TRUE(got == sent) << "the bytes arrived changed or out of order";
  EXPECT_GE(model.notifications[0], 4);
  EXPECT_FALSE(transport.broken());
  EXPECT_FALSE(console.broken());
}

TEST_F(ConsoleOverModelTest, ALegacyTransportIsLeftAlone) {
  VirtioMmio legacy{VirtioMmioVersion::legacy, model, ram->dma, irq};
  ModelRegisters legacy_registers{legacy, *ram};
  VirtioConsole legacy_console{legacy_registers, *memory};
  EXPECT_EQ(legacy_console.start(), ConsoleStart::legacy_transport);
  EXPECT_EQ(legacy.status(), 0);
}

}  // namespace
