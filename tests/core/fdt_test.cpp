#include "core/fdt.hpp"

#include <gtest/gtest.h>

#include "test_files.hpp"

using gh::core::DeviceTree;

namespace {

class QemuVirtTree : public ::testing::Test {
 protected:
  void SetUp() override {
    blob_ = read_file(GH_VIRT_DTB);
    ASSERT_GT(blob_.size(), 1000u) << "missing " << GH_VIRT_DTB;
    auto tree = DeviceTree::parse(blob_.data(), blob_.size());
    ASSERT_TRUE(tree.has_value());
    tree_.emplace(*tree);
  }
  std::vector<uint8_t> blob_;
  std::optional<DeviceTree> tree_;
};

TEST_F(QemuVirtTree, FindsNodesByPathWithAndWithoutUnitAddress) {
  EXPECT_TRUE(tree_->find_path("/chosen").has_value());
  EXPECT_TRUE(tree_->find_path("/cpus/cpu@2").has_value());
  EXPECT_FALSE(tree_->find_path("/cpus/cpu@7").has_value());
  auto soc_uart = tree_->find_path("/soc/serial@10000000");
  ASSERT_TRUE(soc_uart.has_value());
  EXPECT_EQ(soc_uart->name, "serial@10000000");
  EXPECT_TRUE(tree_->find_path("/soc/serial").has_value());
}

TEST_F(QemuVirtTree, ReadsRegWithTheParentsCells) {
  auto uart = tree_->find_compatible("ns16550a");
  ASSERT_TRUE(uart.has_value());
  auto reg = tree_->reg(*uart);
  ASSERT_TRUE(reg.has_value());
  EXPECT_EQ(reg->base, 0x10000000u);
  EXPECT_EQ(reg->size, 0x100u);
}

TEST_F(QemuVirtTree, IteratesChildrenInOrder) {
  auto cpus = tree_->find_path("/cpus");
  ASSERT_TRUE(cpus.has_value());
  int harts = 0;
  for (auto c = tree_->next_child(*cpus); c; c = tree_->next_child(*cpus, c)) {
    if (std::string_view(c->name).substr(0, 4) == "cpu@") ++harts;
  }
  EXPECT_EQ(harts, 3);
}

TEST_F(QemuVirtTree, FindsSuccessiveCompatibleNodes) {
  auto first = tree_->find_compatible("virtio,mmio");
  ASSERT_TRUE(first.has_value());
  auto second = tree_->find_compatible("virtio,mmio", first);
  ASSERT_TRUE(second.has_value());
  EXPECT_NE(first->offset, second->offset);
}

TEST_F(QemuVirtTree, PropertiesAreStringsAndCells) {
  auto chosen = tree_->find_path("/chosen");
  auto args = tree_->property(*chosen, "bootargs");
  ASSERT_TRUE(args.has_value());
  EXPECT_EQ(args->string(), "gh.smp=2 gh.mem=64 gh.boot=m");
  auto test = tree_->find_compatible("sifive,test0");
  ASSERT_TRUE(test.has_value());
  auto compat = tree_->property(*test, "compatible");
  EXPECT_TRUE(compat->contains_string("syscon"));
  EXPECT_FALSE(compat->contains_string("sifive,test"));
  EXPECT_FALSE(tree_->property(*test, "no-such-property").has_value());
}

TEST(DeviceTreeParse, RejectsWhatIsNotADeviceTree) {
  std::vector<uint8_t> zeros(256, 0);
  EXPECT_FALSE(DeviceTree::parse(zeros.data(), zeros.size()).has_value());
  EXPECT_FALSE(DeviceTree::parse(nullptr, 1000).has_value());
}

TEST(DeviceTreeParse, RejectsATruncatedBlob) {
  auto blob = read_file(GH_VIRT_DTB);
  ASSERT_GT(blob.size(), 100u);
  auto tree = DeviceTree::parse(blob.data(), blob.size());
  ASSERT_TRUE(tree.has_value());
  EXPECT_FALSE(DeviceTree::parse(blob.data(), tree->total_size() / 2).has_value());
}

TEST(DeviceTreeParse, SurvivesCorruptStructureBlocks) {
  auto blob = read_file(GH_VIRT_DTB);
  ASSERT_GT(blob.size(), 100u);
  // Flip bytes all over the structure block: lookups may fail, but never crash or hang.
  for (size_t i = 64; i < blob.size(); i += 97) {
    auto copy = blob;
    copy[i] ^= 0xFF;
    auto tree = DeviceTree::parse(copy.data(), copy.size());
    if (!tree) continue;
    (void)tree->find_path("/soc/serial@10000000");
    (void)tree->find_compatible("pci-host-ecam-generic");
  }
  SUCCEED();
}

}  // namespace
