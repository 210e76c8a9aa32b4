#include "vmm/gdb_transport.hpp"

#include <new>

#include "drivers/virtio_console.hpp"
#include "vmm/arch.hpp"
#include "vmm/channels.hpp"
#include "vmm/console.hpp"

namespace gh::vmm {
namespace {

class UartChannel final : public drivers::ByteChannel {
 public:
  size_t receive(std::span<uint8_t> into) override {
    size_t count = 0;
    while (count < into.size() && channels().gdb.try_get(into[count])) ++count;
    return count;
  }
  bool send(std::span<const uint8_t> bytes) override {
    for (uint8_t b : bytes) channels().gdb.put(static_cast<char>(b));
    return true;
  }
  void flush() override { channels().gdb.flush(); }
  const char* fault() const override { return nullptr; }
};

// A virtio-mmio transport's registers. Queue memory lies in the hypervisor's image, which
// its page table maps at its physical address: the device gets the pointer itself.
class MmioVirtioRegisters final : public drivers::VirtioRegisters {
 public:
  explicit MmioVirtioRegisters(uint64_t base) : base_(base) {}
  uint32_t read32(uint64_t offset) override {
    const uint32_t value = mmio_read<uint32_t>(base_ + offset);
    asm volatile("fence i, r" ::: "memory");  // the rings are read after the register
    return value;
  }
  void write32(uint64_t offset, uint32_t value) override {
    asm volatile("fence w, o" ::: "memory");  // ring updates reach the device first
    mmio_write<uint32_t>(base_ + offset, value);
  }
  uint64_t device_address(const void* memory) override {
    return reinterpret_cast<uint64_t>(memory);
  }

 private:
  uint64_t base_;
};

UartChannel uart_channel;
alignas(MmioVirtioRegisters) unsigned char registers_storage[sizeof(MmioVirtioRegisters)];
alignas(drivers::VirtioConsole) unsigned char console_storage[sizeof(drivers::VirtioConsole)];
drivers::VirtioConsoleMemory console_memory;

// The first virtio console among the machine's virtio-mmio transports.
drivers::ByteChannel* bring_up_virtio_console(const core::HostPlatform& platform) {
  auto result = drivers::ConsoleStart::not_console;
  for (uint32_t i = 0; i < platform.virtio_mmio_count; ++i) {
    auto* registers = new (registers_storage) MmioVirtioRegisters(platform.virtio_mmio[i].base);
    auto* console = new (console_storage) drivers::VirtioConsole(*registers, console_memory);
    result = console->start();
    if (result == drivers::ConsoleStart::ok) {
      ConsoleLine().out().str("gdb channel: virtio console at ").hex(platform.virtio_mmio[i].base);
      return console;
    }
    if (result != drivers::ConsoleStart::not_console) break;
  }
  ConsoleLine().out().str("no virtio console for gdb: ").str(drivers::console_start_text(result));
  return nullptr;
}

}  // namespace

drivers::ByteChannel* bring_up_gdb_transport(const core::HostPlatform& platform,
                                             core::GdbTransport transport) {
  if (transport == core::GdbTransport::virtio_console) return bring_up_virtio_console(platform);
  return channels().present() ? &uart_channel : nullptr;
}

}  // namespace gh::vmm
