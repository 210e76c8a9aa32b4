#include "tae/guest_device_tree.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "core/fdt.hpp"
#include "core/host_platform.hpp"

using namespace gh;

namespace {

std::vector<uint8_t> build(const tae::GuestDeviceTreeFacts& facts) {
  std::vector<uint8_t> buffer(16384);
  size_t size = tae::build_guest_device_tree(facts, buffer);
  buffer.resize(size);
  return buffer;
}

}  // namespace

TEST(GuestDeviceTree, DescribesTheVirtualMachineAsOurOwnReaderSeesIt) {
  tae::GuestDeviceTreeFacts facts{.vcpus = 3, .ram_size = 128ull << 20};
  auto blob = build(facts);
  ASSERT_FALSE(blob.empty());
  auto tree = core::DeviceTree::parse(blob.data(), blob.size());
  ASSERT_TRUE(tree.has_value());
  auto platform = std::make_unique<core::HostPlatform>();
  EXPECT_EQ(core::discover_host_platform(*tree, *platform), nullptr);
  EXPECT_EQ(platform->hart_count, 3u);
  EXPECT_EQ(platform->memory[0].base, 0x80000000u);
  EXPECT_EQ(platform->memory[0].size, 128ull << 20);
  EXPECT_EQ(platform->mmu_levels, 3u);
  EXPECT_FALSE(platform->has_h_extension);
  EXPECT_EQ(platform->uart.base, 0x10000000u);
  EXPECT_EQ(platform->test_device.base, 0x100000u);
  EXPECT_EQ(platform->plic.base, 0xc000000u);
  EXPECT_EQ(platform->clint.base, 0x2000000u);
  EXPECT_EQ(platform->timebase_hz, 10000000u);
  EXPECT_TRUE(tree->find_compatible("virtio,mmio").has_value());
}

TEST(GuestDeviceTree, ListsEveryVirtioSlotHighestFirstAsQemuDoes) {
  auto blob = build({.vcpus = 1, .ram_size = 64ull << 20});
  auto tree = core::DeviceTree::parse(blob.data(), blob.size());
  ASSERT_TRUE(tree.has_value());
  auto first = tree->find_compatible("virtio,mmio");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(tree->reg(*first)->base, 0x10008000u);
  int slots = 0;
  for (auto n = first; n; n = tree->find_compatible("virtio,mmio", n)) ++slots;
  EXPECT_EQ(slots, 8);
}

TEST(GuestDeviceTree, RefusesABufferTooSmall) {
  std::vector<uint8_t> small(256);
  EXPECT_EQ(tae::build_guest_device_tree({.vcpus = 16, .ram_size = 1ull << 30}, small), 0u);
}
