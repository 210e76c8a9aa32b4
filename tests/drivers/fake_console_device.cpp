#include "fake_console_device.hpp"

#include <algorithm>
#include <cstring>

namespace gh::drivers::test {
namespace mmio = devices::virtio::mmio;

uint32_t FakeConsoleDevice::read32(uint64_t offset) {
  switch (offset) {
    case mmio::magic:
      return mmio::magic_value;
    case mmio::version:
      return version;
    case mmio::device_id:
      return device_id;
    case mmio::device_features:
      return features_select_ < 2 ? static_cast<uint32_t>(features >> (32 * features_select_)) : 0;
    case mmio::queue_size_max:
      return queue_select_ < 2 ? queue_size_max : 0;
    case mmio::queue_ready:
      return queue_select_ < 2 && queues[queue_select_].ready;
    case mmio::status:
      return status;
    default:
      return 0;
  }
}

void FakeConsoleDevice::write32(uint64_t offset, uint32_t value) {
  Queue* q = queue_select_ < 2 ? &queues[queue_select_] : nullptr;
  auto set_low = [](uint64_t& word, uint32_t v) { word = (word & ~0xffff'ffffull) | v; };
  auto set_high = [](uint64_t& word, uint32_t v) {
    word = (word & 0xffff'ffffull) | (uint64_t{v} << 32);
  };
  switch (offset) {
    case mmio::device_features_select:
      features_select_ = value;
      break;
    case mmio::driver_features_select:
      driver_features_select_ = value;
      break;
    case mmio::driver_features:
      if (driver_features_select_ < 2) driver_features[driver_features_select_] = value;
      break;
    case mmio::queue_select:
      queue_select_ = value;
      break;
    case mmio::queue_size:
      if (q) q->size = value;
      break;
    case mmio::queue_ready:
      if (q) q->ready = value == 1;
      break;
    case mmio::queue_descriptors_low:
      if (q) set_low(q->descriptors, value);
      break;
    case mmio::queue_descriptors_high:
      if (q) set_high(q->descriptors, value);
      break;
    case mmio::queue_driver_low:
      if (q) set_low(q->driver, value);
      break;
    case mmio::queue_driver_high:
      if (q) set_high(q->driver, value);
      break;
    case mmio::queue_device_low:
      if (q) set_low(q->device, value);
      break;
    case mmio::queue_device_high:
      if (q) set_high(q->device, value);
      break;
    case mmio::status:
      status = value;
      if (!accept_features) status &= ~uint32_t{devices::virtio::status::features_ok};
      if (value == 0) queues = {};
      break;
    case mmio::queue_notify:
      if (value < 2) ++queues[value].notifications;
      if (value == 1 && return_transmit_buffers) take_transmitted();
      break;
    default:
      break;
  }
}

void FakeConsoleDevice::push_used(uint16_t queue, uint32_t id, uint32_t length) {
  auto& used = used_ring(queue);
  used.ring[used.index % queues[queue].size] = {.id = id, .length = length};
  ++used.index;
}

void FakeConsoleDevice::take_transmitted() {
  Queue& q = queues[1];
  const auto& available = *reinterpret_cast<const DriverRings::Available*>(q.driver);
  const auto* descriptors = reinterpret_cast<const VirtqDescriptor*>(q.descriptors);
  while (q.last_available != available.index) {
    const uint16_t id = available.ring[q.last_available++ % q.size];
    const VirtqDescriptor& d = descriptors[id];
    transmitted.emplace_back(reinterpret_cast<const char*>(d.address), d.length);
    push_used(1, id, 0);
  }
}

uint16_t FakeConsoleDevice::receive_buffers_available() const {
  const auto& available = *reinterpret_cast<const DriverRings::Available*>(queues[0].driver);
  return static_cast<uint16_t>(available.index - queues[0].last_available);
}

size_t FakeConsoleDevice::deliver(const std::string& bytes) {
  Queue& q = queues[0];
  const auto& available = *reinterpret_cast<const DriverRings::Available*>(q.driver);
  const auto* descriptors = reinterpret_cast<const VirtqDescriptor*>(q.descriptors);
  size_t done = 0;
  while (done < bytes.size() && q.last_available != available.index) {
    const uint16_t id = available.ring[q.last_available++ % q.size];
    const VirtqDescriptor& d = descriptors[id];
    const size_t n = std::min<size_t>(d.length, bytes.size() - done);
    std::memcpy(reinterpret_cast<void*>(d.address), bytes.data() + done, n);
    push_used(0, id, static_cast<uint32_t>(n));
    done += n;
  }
  return done;
}

}  // namespace gh::drivers::test
