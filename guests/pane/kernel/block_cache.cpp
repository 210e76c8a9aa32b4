#include "block_cache.hpp"

#include "printk.hpp"
#include "virtio_disk.hpp"

namespace pane {
namespace {

constexpr int kCachedBlocks = 32;
CachedBlock blocks[kCachedBlocks];
uint64_t clock = 0;  // for least-recently-used replacement

CachedBlock* find_or_evict(uint32_t number) {
  CachedBlock* victim = nullptr;
  for (CachedBlock& block : blocks) {
    if (block.valid && block.number == number) return &block;
    if (block.users == 0 && (victim == nullptr || block.last_used < victim->last_used)) {
      victim = &block;
    }
  }
  if (victim == nullptr) panic("block cache: every block is in use");
  victim->number = number;
  victim->valid = false;
  return victim;
}

}  // namespace

CachedBlock* block_get(uint32_t number) {
  CachedBlock* block = find_or_evict(number);
  block->users++;
  block->last_used = ++clock;
  if (!block->valid) {
    virtio_disk_transfer(number, block->data, false);
    block->valid = true;
  }
  return block;
}

void block_write(CachedBlock* block) { virtio_disk_transfer(block->number, block->data, true); }

void block_put(CachedBlock* block) {
  if (block->users < 1) panic("block_put: block %u not in use", block->number);
  block->users--;
}

}  // namespace pane
