// What the guest finds where QEMU's virt machine has nothing behind an address that
// still answers: the PCIe I/O window and the empty virtio-mmio slots.
#include <gtest/gtest.h>

#include "devices/empty_pcie_io.hpp"
#include "devices/empty_virtio_slot.hpp"
#include "devices/virt_platform.hpp"

namespace gh::devices {
namespace {

TEST(EmptyPcieIo, ReadsAllOnesOfTheAccessSizeAndIgnoresWrites) {
  EmptyPcieIo io;
  EXPECT_EQ(io.read(0x1005, 1), 0xFFu);
  EXPECT_EQ(io.read(0x1004, 2), 0xFFFFu);
  EXPECT_EQ(io.read(0x1000, 4), 0xFFFF'FFFFu);
  EXPECT_EQ(io.read(0x1000, 8), ~0ull);
  EXPECT_TRUE(io.write(0x1000, 1, 'X'));
  EXPECT_EQ(io.read(0x1000, 1), 0xFFu);
}

TEST(EmptyVirtioSlot, AnswersTheProbeWithNoDevice) {
  EmptyVirtioSlot legacy(VirtioMmioVersion::legacy);
  EXPECT_EQ(legacy.read(0x000, 4), VirtioMmio::magic_value);
  EXPECT_EQ(legacy.read(0x004, 4), 1u);
  EXPECT_EQ(legacy.read(0x008, 4), 0u);  // device id 0: nothing here
  EXPECT_TRUE(legacy.write(0x070, 4, 0xF));
  EXPECT_EQ(legacy.read(0x070, 4), 0u);
}

TEST(VirtPlatform, EveryDeviceIdHasAName) {
  for (uint16_t id = 0; id <= static_cast<uint16_t>(virt::DeviceId::pcie_pio); ++id) {
    EXPECT_STRNE(virt::device_name(id), "device") << id;
  }
  EXPECT_STREQ(virt::device_name(99), "device");
}

}  // namespace
}  // namespace gh::devices
