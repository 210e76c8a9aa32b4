// A polled driver for a virtio console (virtio 1.1 section 5.3) on a modern (version 2)
// virtio-mmio transport: only VIRTIO_F_VERSION_1 is negotiated (no MULTIPORT: one port,
// the `virtconsole` that QEMU makes port 0, on receive queue 0 and transmit queue 1),
// interrupts stay off. Receive buffers are posted up front and posted again once read;
// each send() goes out as one descriptor per transmit buffer (a gdb packet at once).
// Queue memory and buffers are the caller's (the hypervisor's own pages, never the
// guest's); the device reaches them at VirtioRegisters::device_address.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "drivers/byte_channel.hpp"
#include "drivers/driver_queue.hpp"

namespace gh::drivers {

// The transport's registers, and where the device sees driver memory.
class VirtioRegisters {
 public:
  virtual uint32_t read32(uint64_t offset) = 0;
  virtual void write32(uint64_t offset, uint32_t value) = 0;
  virtual uint64_t device_address(const void* memory) = 0;

 protected:
  ~VirtioRegisters() = default;
};

inline constexpr uint16_t console_receive_buffers = driver_queue_size;
inline constexpr size_t console_receive_buffer_bytes = 4096;
inline constexpr uint16_t console_transmit_buffers = 4;
// A whole gdb packet: 16 KiB of payload, framing, and some spare.
inline constexpr size_t console_transmit_buffer_bytes = 16 * 1024 + 256;

struct VirtioConsoleMemory {
  DriverRings receive_rings;
  DriverRings transmit_rings;
  alignas(64) std::array<std::array<uint8_t, console_receive_buffer_bytes>,
                         console_receive_buffers> receive;
  alignas(64) std::array<std::array<uint8_t, console_transmit_buffer_bytes>,
                         console_transmit_buffers> transmit;
};

enum class ConsoleStart : uint8_t {
  ok,
  not_virtio,         // no virtio-mmio magic
  not_console,        // another device, or an empty slot
  legacy_transport,   // version 1 (QEMU without -global virtio-mmio.force-legacy=false)
  no_version_1,       // the device does not offer VIRTIO_F_VERSION_1
  features_refused,   // FEATURES_OK did not stick
  queue_unavailable,  // a queue is missing, too small, or already live
};

const char* console_start_text(ConsoleStart result);

class VirtioConsole final : public ByteChannel {
 public:
  // Waits this many polls of the used ring for a transmit buffer before dropping a send.
  static constexpr uint32_t transmit_patience = 1u << 24;

  VirtioConsole(VirtioRegisters& registers, VirtioConsoleMemory& memory)
      : registers_(registers), memory_(memory) {}

  // Resets the device, negotiates, sets up both queues, posts the receive buffers.
  [[nodiscard]] ConsoleStart start();
  [[nodiscard]] bool running() const { return running_; }
  // A queue the device broke (see DriverQueue): the console then moves nothing.
  [[nodiscard]] bool broken() const { return receive_.broken() || transmit_.broken(); }
  [[nodiscard]] const DriverQueue& receive_queue() const { return receive_; }
  [[nodiscard]] const DriverQueue& transmit_queue() const { return transmit_; }

  size_t receive(std::span<uint8_t> into) override;
  bool send(std::span<const uint8_t> bytes) override;
  void flush() override;
  // The receive or transmit queue's fault, or nullptr.
  [[nodiscard]] const char* fault() const override;

 private:
  [[nodiscard]] ConsoleStart identify();
  [[nodiscard]] ConsoleStart negotiate();
  [[nodiscard]] bool set_up_queue(uint16_t index, DriverQueue& queue, DriverRings& rings);
  void set_status_bits(uint8_t bits);
  void write_address(uint64_t low_register, const void* memory);
  [[nodiscard]] bool post_receive_buffer(uint16_t id);
  [[nodiscard]] std::optional<uint16_t> free_transmit_buffer();
  void reclaim_transmitted();
  void notify(uint16_t queue) { registers_.write32(devices::virtio::mmio::queue_notify, queue); }

  VirtioRegisters& registers_;
  VirtioConsoleMemory& memory_;
  DriverQueue receive_;
  DriverQueue transmit_;
  std::optional<UsedBuffer> reading_;  // a receive buffer being read, and how far
  uint32_t read_offset_ = 0;
  uint8_t status_ = 0;
  bool running_ = false;
};

}  // namespace gh::drivers
