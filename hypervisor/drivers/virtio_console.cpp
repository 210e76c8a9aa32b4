#include "drivers/virtio_console.hpp"

namespace gh::drivers {
namespace {
namespace mmio = devices::virtio::mmio;
namespace status = devices::virtio::status;
namespace console = devices::virtio::console;

constexpr uint32_t version_1_in_word_1 =
    static_cast<uint32_t>(devices::virtio::feature::version_1 >> 32);

}  // namespace

const char* console_start_text(ConsoleStart result) {
  switch (result) {
    case ConsoleStart::ok:
      return "running";
    case ConsoleStart::not_virtio:
      return "not a virtio-mmio device";
    case ConsoleStart::not_console:
      return "not a virtio console";
    case ConsoleStart::legacy_transport:
      return "a legacy (version 1) virtio-mmio transport";
    case ConsoleStart::no_version_1:
      return "the device does not offer VIRTIO_F_VERSION_1";
    case ConsoleStart::features_refused:
      return "the device refused the features";
    case ConsoleStart::queue_unavailable:
      return "a queue is missing or too small";
  }
  return "?";
}

ConsoleStart VirtioConsole::start() {
  running_ = false;
  ConsoleStart result = identify();
  if (result != ConsoleStart::ok) return result;
  registers_.write32(mmio::status, 0);  // reset
  status_ = 0;
  set_status_bits(status::acknowledge | status::driver);
  result = negotiate();
  if (result == ConsoleStart::ok &&
      (!set_up_queue(console::receive_queue, receive_, memory_.receive_rings) ||
       !set_up_queue(console::transmit_queue, transmit_, memory_.transmit_rings))) {
    result = ConsoleStart::queue_unavailable;
  }
  if (result != ConsoleStart::ok) {
    set_status_bits(status::failed);
    return result;
  }
  set_status_bits(status::driver_ok);
  reading_.reset();
  for (uint16_t id = 0; id < console_receive_buffers; ++id) (void)post_receive_buffer(id);
  notify(console::receive_queue);
  running_ = true;
  return ConsoleStart::ok;
}

ConsoleStart VirtioConsole::identify() {
  if (registers_.read32(mmio::magic) != mmio::magic_value) return ConsoleStart::not_virtio;
  if (registers_.read32(mmio::device_id) != devices::virtio::device_id::console)
    return ConsoleStart::not_console;
  if (registers_.read32(mmio::version) != mmio::version_modern)
    return ConsoleStart::legacy_transport;
  return ConsoleStart::ok;
}

// Only VIRTIO_F_VERSION_1: no MULTIPORT, SIZE or EMERG_WRITE, no ring features.
ConsoleStart VirtioConsole::negotiate() {
  registers_.write32(mmio::device_features_select, 1);
  if ((registers_.read32(mmio::device_features) & version_1_in_word_1) == 0)
    return ConsoleStart::no_version_1;
  registers_.write32(mmio::driver_features_select, 0);
  registers_.write32(mmio::driver_features, 0);
  registers_.write32(mmio::driver_features_select, 1);
  registers_.write32(mmio::driver_features, version_1_in_word_1);
  set_status_bits(status::features_ok);
  if ((registers_.read32(mmio::status) & status::features_ok) == 0)
    return ConsoleStart::features_refused;
  return ConsoleStart::ok;
}

bool VirtioConsole::set_up_queue(uint16_t index, DriverQueue& queue, DriverRings& rings) {
  registers_.write32(mmio::queue_select, index);
  if (registers_.read32(mmio::queue_ready) != 0) return false;
  if (registers_.read32(mmio::queue_size_max) < driver_queue_size) return false;
  queue.init(rings);
  registers_.write32(mmio::queue_size, driver_queue_size);
  write_address(mmio::queue_descriptors_low, &rings.descriptors);
  write_address(mmio::queue_driver_low, &rings.available);
  write_address(mmio::queue_device_low, &rings.used);
  registers_.write32(mmio::queue_ready, 1);
  return true;
}

void VirtioConsole::set_status_bits(uint8_t bits) {
  status_ |= bits;
  registers_.write32(mmio::status, status_);
}

// Each address register pair is low word, then high word 4 bytes on.
void VirtioConsole::write_address(uint64_t low_register, const void* memory) {
  const uint64_t address = registers_.device_address(memory);
  registers_.write32(low_register, static_cast<uint32_t>(address));
  registers_.write32(low_register + 4, static_cast<uint32_t>(address >> 32));
}

bool VirtioConsole::post_receive_buffer(uint16_t id) {
  auto& buffer = memory_.receive[id];
  return receive_.offer(id, registers_.device_address(buffer.data()), buffer.size(), true);
}

size_t VirtioConsole::receive(std::span<uint8_t> into) {
  if (!running_) return 0;
  size_t copied = 0;
  bool posted = false;
  while (copied < into.size()) {
    if (!reading_) {
      reading_ = receive_.take_used();
      read_offset_ = 0;
      if (!reading_) break;
    }
    const auto& buffer = memory_.receive[reading_->id];
    while (copied < into.size() && read_offset_ < reading_->length) {
      into[copied++] = buffer[read_offset_++];
    }
    if (read_offset_ == reading_->length) {
      posted |= post_receive_buffer(reading_->id);
      reading_.reset();
    }
  }
  // QEMU feeds a port only while receive buffers are available: tell it there are more.
  if (posted) notify(console::receive_queue);
  return copied;
}

void VirtioConsole::reclaim_transmitted() {
  while (transmit_.take_used()) {
  }
}

std::optional<uint16_t> VirtioConsole::free_transmit_buffer() {
  for (uint32_t poll = 0; poll < transmit_patience && !transmit_.broken(); ++poll) {
    reclaim_transmitted();
    for (uint16_t id = 0; id < console_transmit_buffers; ++id) {
      if (!transmit_.in_flight(id)) return id;
    }
  }
  return std::nullopt;
}

bool VirtioConsole::send(std::span<const uint8_t> bytes) {
  while (running_ && !bytes.empty()) {
    const auto id = free_transmit_buffer();
    if (!id) return false;
    auto& buffer = memory_.transmit[*id];
    const size_t size = bytes.size() < buffer.size() ? bytes.size() : buffer.size();
    for (size_t i = 0; i < size; ++i) buffer[i] = bytes[i];
    if (!transmit_.offer(*id, registers_.device_address(buffer.data()), static_cast<uint32_t>(size),
                         false)) {
      return false;
    }
    notify(console::transmit_queue);
    bytes = bytes.subspan(size);
  }
  return running_;
}

const char* VirtioConsole::fault() const {
  if (receive_.broken()) return queue_fault_text(receive_.fault());
  if (transmit_.broken()) return queue_fault_text(transmit_.fault());
  return nullptr;
}

void VirtioConsole::flush() {
  for (uint32_t poll = 0; poll < transmit_patience && running_ && !transmit_.broken(); ++poll) {
    reclaim_transmitted();
    if (transmit_.in_flight() == 0) return;
  }
}

}  // namespace gh::drivers
