#include "core/host_platform.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "test_files.hpp"

using namespace gh::core;

TEST(HostPlatform, DiscoversQemuVirtFromItsDeviceTree) {
  auto blob = read_file(GH_VIRT_DTB);
  auto tree = DeviceTree::parse(blob.data(), blob.size());
  ASSERT_TRUE(tree.has_value());
  auto p = std::make_unique<HostPlatform>();
  const char* problem = discover_host_platform(*tree, *p);
  ASSERT_EQ(problem, nullptr) << problem;
  EXPECT_EQ(p->memory_count, 1u);
  EXPECT_EQ(p->memory[0].base, 0x80000000u);
  EXPECT_EQ(p->memory[0].size, 512ull << 20);
  EXPECT_EQ(p->hart_count, 3u);
  EXPECT_EQ(p->hart_ids[2], 2u);
  EXPECT_EQ(p->timebase_hz, 10000000u);
  EXPECT_GE(p->mmu_levels, 3u);
  EXPECT_EQ(p->uart.base, 0x10000000u);
  EXPECT_EQ(p->test_device.base, 0x100000u);
  EXPECT_EQ(p->plic.base, 0xc000000u);
  EXPECT_EQ(p->clint.base, 0x2000000u);
  EXPECT_EQ(p->pci.ecam.base, 0x30000000u);
  EXPECT_EQ(p->pci.io_window.base, 0x3000000u);
  EXPECT_EQ(p->pci.io_window.size, 0x10000u);
  EXPECT_EQ(p->pci.io_bus_base, 0u);
  EXPECT_EQ(p->pci.mem32_window.base, 0x40000000u);
  // QEMU virt's eight virtio-mmio transports, 4 KiB apart from 0x10001000 (any order).
  ASSERT_EQ(p->virtio_mmio_count, 8u);
  uint64_t slots = 0;
  for (uint32_t i = 0; i < p->virtio_mmio_count; ++i) {
    EXPECT_EQ(p->virtio_mmio[i].size, 0x1000u);
    slots |= 1ull << ((p->virtio_mmio[i].base - 0x10001000u) / 0x1000u);
  }
  EXPECT_EQ(slots, 0xffu);
  ASSERT_TRUE(p->initrd.has_value());
  EXPECT_GT(p->initrd->size, 0u);
  EXPECT_EQ(p->bootargs, "gh.smp=2 gh.mem=64 gh.boot=m");
}

TEST(HostPlatform, ReadsIsaLetters) {
  EXPECT_TRUE(isa_has_extension("rv64imafdch_zicsr_zifencei", 'h'));
  EXPECT_FALSE(isa_has_extension("rv64imafdc_zicsr_zihintpause", 'h'));
  EXPECT_TRUE(isa_has_extension("rv64gc", 'a'));
  EXPECT_FALSE(isa_has_extension("x64imah", 'h'));
}
