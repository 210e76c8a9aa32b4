// A virtio console on a modern virtio-mmio transport, in host memory, for the driver's
// tests: it keeps the registers the driver writes, takes transmit buffers when notified,
// and fills posted receive buffers when a test delivers bytes. The rings are reached
// through the addresses the driver programmed (host pointers here).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "drivers/virtio_console.hpp"

namespace gh::drivers::test {

class FakeConsoleDevice final : public VirtioRegisters {
 public:
  struct Queue {
    uint32_t size = 0;
    uint64_t descriptors = 0, driver = 0, device = 0;
    bool ready = false;
    uint16_t last_available = 0;
    int notifications = 0;
  };

  uint32_t version = 2;
  uint32_t device_id = 3;
  uint64_t features = (1ull << 32) | 0x7;  // VERSION_1, SIZE, MULTIPORT, EMERG_WRITE
  bool accept_features = true;
  uint32_t queue_size_max = 128;
  bool return_transmit_buffers = true;

  uint32_t status = 0;
  std::array<uint32_t, 2> driver_features{};
  std::array<Queue, 2> queues{};
  std::vector<std::string> transmitted;  // one string per transmit descriptor

  uint32_t read32(uint64_t offset) override;
  void write32(uint64_t offset, uint32_t value) override;
  uint64_t device_address(const void* memory) override {
    return reinterpret_cast<uint64_t>(memory);
  }

  // Fills as many posted receive buffers as `bytes` needs; returns the bytes delivered.
  size_t deliver(const std::string& bytes);
  // How many receive buffers the driver has made available and the device not yet used.
  uint16_t receive_buffers_available() const;
  DriverRings::Used& used_ring(uint16_t queue) {
    return *reinterpret_cast<DriverRings::Used*>(queues[queue].device);
  }

 private:
  void take_transmitted();
  void push_used(uint16_t queue, uint32_t id, uint32_t length);

  uint32_t features_select_ = 0, driver_features_select_ = 0, queue_select_ = 0;
};

}  // namespace gh::drivers::test
