// The hypervisor's virtio console driver against a fake modern virtio-mmio console:
// negotiation, queue set-up, whole packets per transmit descriptor, receive buffers
// posted again once read, and devices that are not what the driver needs or lie.
#include "drivers/virtio_console.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "fake_console_device.hpp"

using namespace gh::drivers;
using gh::drivers::test::FakeConsoleDevice;
namespace status = gh::devices::virtio::status;

namespace {

class VirtioConsoleTest : public ::testing::Test {
 protected:
  std::string receive_all(size_t chunk) {
    std::string text;
    std::vector<uint8_t> buffer(chunk);
    for (;;) {
      const size_t n = console.receive(buffer);
      if (n == 0) return text;
      text.append(reinterpret_cast<const char*>(buffer.data()), n);
    }
  }
  bool send(const std::string& text) {
    return console.send({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
  }

  FakeConsoleDevice device;
  std::unique_ptr<VirtioConsoleMemory> memory = std::make_unique<VirtioConsoleMemory>();
  VirtioConsole console{device, *memory};
};

TEST_F(VirtioConsoleTest, StartsNegotiatingOnlyVersion1AndPostsEveryReceiveBuffer) {
  ASSERT_EQ(console.start(), ConsoleStart::ok);
  EXPECT_EQ(device.status,
            status::acknowledge | status::driver | status::features_ok | status::driver_ok);
  EXPECT_EQ(device.driver_features[0], 0u) << "no MULTIPORT, SIZE or EMERG_WRITE";
  EXPECT_EQ(device.driver_features[1], 1u) << "VIRTIO_F_VERSION_1";
  for (const auto& queue : device.queues) {
    EXPECT_TRUE(queue.ready);
    EXPECT_EQ(queue.size, driver_queue_size);
    EXPECT_EQ(queue.descriptors % 16, 0u);
    EXPECT_EQ(queue.driver % 2, 0u);
    EXPECT_EQ(queue.device % 4, 0u);
  }
  EXPECT_EQ(device.queues[0].descriptors,
            reinterpret_cast<uint64_t>(&memory->receive_rings.descriptors));
  EXPECT_EQ(device.queues[1].device, reinterpret_cast<uint64_t>(&memory->transmit_rings.used));
  EXPECT_EQ(device.receive_buffers_available(), console_receive_buffers);
  EXPECT_EQ(device.queues[0].notifications, 1);
  EXPECT_TRUE(console.running());
}

TEST_F(VirtioConsoleTest, RefusesALegacyTransport) {
  device.version = 1;
  EXPECT_EQ(console.start(), ConsoleStart::legacy_transport);
  EXPECT_FALSE(console.running());
  EXPECT_EQ(device.status, 0u) << "a legacy device is left alone";
}

TEST_F(VirtioConsoleTest, TellsAnotherDeviceOrAnEmptySlotApart) {
  device.device_id = 2;
  EXPECT_EQ(console.start(), ConsoleStart::not_console);
  device.device_id = 0;
  EXPECT_EQ(console.start(), ConsoleStart::not_console);
}

TEST_F(VirtioConsoleTest, FailsADeviceWithoutVersion1) {
  device.features = 0x7;
  EXPECT_EQ(console.start(), ConsoleStart::no_version_1);
  EXPECT_NE(device.status & status::failed, 0u);
}

TEST_F(VirtioConsoleTest, FailsADeviceThatRefusesTheFeatures) {
  device.accept_features = false;
  EXPECT_EQ(console.start(), ConsoleStart::features_refused);
  EXPECT_NE(device.status & status::failed, 0u);
  EXPECT_FALSE(device.queues[0].ready);
}

TEST_F(VirtioConsoleTest, FailsQueuesSmallerThanItsRings) {
  device.queue_size_max = driver_queue_size / 2;
  EXPECT_EQ(console.start(), ConsoleStart::queue_unavailable);
  EXPECT_NE(device.status & status::failed, 0u);
}

TEST_F(VirtioConsoleTest, SendsAWholePacketAsOneDescriptorWithOneNotification) {
  ASSERT_EQ(console.start(), ConsoleStart::ok);
  const std::string packet = "$" + std::string(4000, 'a') + "#00";
  ASSERT_TRUE(send(packet));
  ASSERT_TRUE(send("+"));
  ASSERT_EQ(device.transmitted.size(), 2u);
  EXPECT_EQ(device.transmitted[0], packet);
  EXPECT_EQ(device.transmitted[1], "+");
  EXPECT_EQ(device.queues[1].notifications, 2);
  console.flush();
  EXPECT_EQ(console.transmit_queue().in_flight(), 0);
}

TEST_F(VirtioConsoleTest, SplitsWhatDoesNotFitOneBuffer) {
  ASSERT_EQ(console.start(), ConsoleStart::ok);
  std::string big(console_transmit_buffer_bytes * 2 + 10, 'x');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
  ASSERT_TRUE(send(big));
  ASSERT_EQ(device.transmitted.size(), 3u);
  EXPECT_EQ(device.transmitted[0].size(), console_transmit_buffer_bytes);
  EXPECT_EQ(device.transmitted[2].size(), 10u);
  EXPECT_EQ(device.transmitted[0] + device.transmitted[1] + device.transmitted[2], big);
}

TEST_F(VirtioConsoleTest, ReceivesAcrossBuffersAndPostsThemAgain) {
  ASSERT_EQ(console.start(), ConsoleStart::ok);
  std::string sent(console_receive_buffer_bytes + 100, 'q');
  for (size_t i = 0; i < sent.size(); ++i) sent[i] = static_cast<char>('0' + i % 10);
  ASSERT_EQ(device.deliver(sent), sent.size());
  EXPECT_EQ(device.receive_buffers_available(), console_receive_buffers - 2);
  EXPECT_EQ(receive_all(300), sent);
  EXPECT_EQ(device.receive_buffers_available(), console_receive_buffers);
  EXPECT_GE(device.queues[0].notifications, 2) << "the device hears of the posted buffers";
  // Many more rounds than buffers: the same buffers keep coming back.
  for (int round = 0; round < 50; ++round) {
    const std::string packet = "$m80000000,40#" + std::to_string(round);
    ASSERT_EQ(device.deliver(packet), packet.size());
    ASSERT_EQ(receive_all(7), packet);
  }
}

TEST_F(VirtioConsoleTest, NothingBeforeTheDeviceDelivers) {
  ASSERT_EQ(console.start(), ConsoleStart::ok);
  EXPECT_EQ(receive_all(64), "");
  EXPECT_EQ(console.fault(), nullptr);
}

TEST_F(VirtioConsoleTest, AHostileUsedLengthIsNotBelieved) {
  ASSERT_EQ(console.start(), ConsoleStart::ok);
  ASSERT_EQ(device.deliver("abc"), 3u);
  auto& used = device.used_ring(0);
  used.ring[0].length = console_receive_buffer_bytes + 1;  // past the buffer's end
  EXPECT_EQ(receive_all(64), "");
  EXPECT_TRUE(console.broken());
  EXPECT_EQ(console.receive_queue().fault(), QueueFault::length_too_long);
  EXPECT_STREQ(console.fault(), "a used length beyond its buffer");
}

TEST_F(VirtioConsoleTest, AHostileUsedIndexIsNotBelieved) {
  ASSERT_EQ(console.start(), ConsoleStart::ok);
  device.used_ring(0).index = 1000;
  EXPECT_EQ(receive_all(64), "");
  EXPECT_EQ(console.receive_queue().fault(), QueueFault::used_index_ahead);
}

TEST_F(VirtioConsoleTest, GivesUpOnADeviceThatKeepsEveryTransmitBuffer) {
  ASSERT_EQ(console.start(), ConsoleStart::ok);
  device.return_transmit_buffers = false;
  for (uint16_t i = 0; i < console_transmit_buffers; ++i) ASSERT_TRUE(send("$OK#9a"));
  EXPECT_FALSE(send("$OK#9a")) << "every buffer is held: the packet is dropped, no hang";
}

}  // namespace
