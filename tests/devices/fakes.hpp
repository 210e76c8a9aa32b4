// Test doubles for the device models: interrupt lines and harts that record what the
// devices did, a console, a power switch, fake guest RAM and a RAM-backed disk.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "devices/block_backend.hpp"
#include "devices/guest_dma.hpp"
#include "devices/mmio_device.hpp"
#include "devices/ns16550a.hpp"
#include "devices/sifive_test.hpp"
#include "mmu/guest_memory_map.hpp"
#include "mmu/host_memory.hpp"

namespace gh::devices::test {

class RecordingLine final : public InterruptLine {
 public:
  void set_level(bool asserted) override {
    level = asserted;
    ++calls;
  }
  bool level = false;
  int calls = 0;
};

class FakeHarts final : public HartInterrupts {
 public:
  static constexpr uint32_t max = 32;
  explicit FakeHarts(uint32_t harts = 3) : harts_(harts) {}

  uint32_t hart_count() const override { return harts_; }
  uint64_t time() const override { return now; }
  void set_software_interrupt(uint32_t hart, bool pending) override { msip.at(hart) = pending; }
  void set_timer_compare(uint32_t hart, uint64_t value) override {
    mtimecmp.at(hart) = value;
    ++compare_writes;
  }
  void set_external_interrupt(uint32_t hart, riscv::Privilege level, bool pending) override {
    (level == riscv::Privilege::machine ? meip : seip).at(hart) = pending;
    ++external_calls;
  }
  void set_time(uint64_t value) override { now = value; }

  uint64_t now = 0;
  std::array<bool, max> msip{};
  std::array<uint64_t, max> mtimecmp{};
  std::array<bool, max> meip{};
  std::array<bool, max> seip{};
  int compare_writes = 0;
  int external_calls = 0;

 private:
  uint32_t harts_;
};

class Console final : public ByteSink {
 public:
  void put(uint8_t byte) override { text.push_back(static_cast<char>(byte)); }
  std::string text;
};

class PowerSwitch final : public PowerControl {
 public:
  void finish(FinisherRequest what, uint16_t exit_code) override {
    requests.push_back(what);
    codes.push_back(exit_code);
  }
  std::vector<FinisherRequest> requests;
  std::vector<uint16_t> codes;
};

// Guest RAM at 0x8000'0000 (1 MiB) backed by a host array at hpa 0, and an MMIO region
// right after it, so that DMA can be aimed at RAM, at a device and at a hole.
class GuestRam final : public mmu::HostMemory {
 public:
  static constexpr uint64_t base = 0x8000'0000;
  static constexpr uint64_t size = 1 << 20;
  static constexpr uint64_t mmio_gpa = base + size;

  GuestRam();
  uint64_t* word(uint64_t hpa) override;

  void write(uint64_t gpa, const void* data, size_t length);
  void read(uint64_t gpa, void* data, size_t length);
  void write_le(uint64_t gpa, unsigned width, uint64_t value);
  uint64_t read_le(uint64_t gpa, unsigned width);
  void fill(uint64_t gpa, uint8_t value, size_t length);

  mmu::GuestMemoryMap map;
  MappedDmaMemory dma{map, *this};
  int host_accesses_outside = 0;

 private:
  alignas(8) std::array<uint8_t, size> bytes_{};
};

// A disk in host memory; failures and read-only mode on demand.
class RamDisk final : public BlockBackend {
 public:
  explicit RamDisk(uint64_t sectors) : bytes(sectors * sector_size) {}

  uint64_t sector_count() const override { return bytes.size() / sector_size; }
  bool read_only() const override { return readonly; }
  bool read(uint64_t sector, std::span<uint8_t> data) override;
  bool write(uint64_t sector, std::span<const uint8_t> data) override;
  bool flush() override {
    ++flushes;
    return !fail;
  }

  std::vector<uint8_t> bytes;
  bool readonly = false;
  bool fail = false;
  int flushes = 0;
  int writes = 0;
};

}  // namespace gh::devices::test
