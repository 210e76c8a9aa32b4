#include "virtio_disk.hpp"

#include "../include/pane/fs_format.hpp"
#include "memory_layout.hpp"
#include "page_allocator.hpp"
#include "printk.hpp"
#include "process.hpp"
#include "spinlock.hpp"
#include "virtio.hpp"

namespace pane {
namespace {

using namespace virtio;

volatile uint32_t& reg(uint32_t offset) {
  return *reinterpret_cast<volatile uint32_t*>(kVirtioDisk + offset);
}

// Each request uses three descriptors: header, data, status byte. It is known by the
// index of its first descriptor.
struct InFlight {
  BlockRequest header;
  uint8_t status;  // written by the device: 0 = success
  bool done;
};

struct Disk {
  Spinlock lock{"virtio disk"};
  Descriptor* descriptors;
  AvailableRing* available;
  UsedRing* used;
  bool free[kQueueLength];
  uint16_t used_seen;  // how far we have processed the used ring
  InFlight requests[kQueueLength];
};
Disk disk;

void give_address(uint32_t low, uint32_t high, const void* pointer) {
  auto address = reinterpret_cast<uint64_t>(pointer);
  reg(low) = static_cast<uint32_t>(address);
  reg(high) = static_cast<uint32_t>(address >> 32);
}

void check_device() {
  if (reg(kMagicValue) != kMagic || reg(kVersion) != 2 || reg(kDeviceId) != 2) {
    panic("no modern virtio block device at %p", (void*)kVirtioDisk);
  }
}

// Feature negotiation: only feature word 0 is read and written; Pane declines the
// features that would change the request format or the ring layout.
void negotiate_features() {
  reg(kDeviceFeaturesSelect) = 0;
  uint32_t features = reg(kDeviceFeatures);
  features &= ~(kBlockReadOnly | kBlockScsi | kBlockConfigWce | kBlockMultiQueue | kAnyLayout |
                kIndirectDescriptors | kEventIndex);
  reg(kDriverFeaturesSelect) = 0;
  reg(kDriverFeatures) = features;
}

void set_up_queue() {
  reg(kQueueSelect) = 0;
  if (reg(kQueueReady) != 0) panic("virtio disk: queue 0 already in use");
  if (reg(kQueueSizeMax) < kQueueLength) panic("virtio disk: queue too short");
  disk.descriptors = static_cast<Descriptor*>(allocate_page());
  disk.available = static_cast<AvailableRing*>(allocate_page());
  disk.used = static_cast<UsedRing*>(allocate_page());
  reg(kQueueSize) = kQueueLength;
  give_address(kQueueDescriptorLow, kQueueDescriptorHigh, disk.descriptors);
  give_address(kQueueDriverLow, kQueueDriverHigh, disk.available);
  give_address(kQueueDeviceLow, kQueueDeviceHigh, disk.used);
  reg(kQueueReady) = 1;
  for (bool& is_free : disk.free) is_free = true;
}

// Takes three free descriptors, or returns false without taking any.
bool take_descriptors(uint16_t chain[3]) {
  int found = 0;
  for (uint16_t i = 0; i < kQueueLength && found < 3; i++) {
    if (disk.free[i]) chain[found++] = i;
  }
  if (found < 3) return false;
  for (int i = 0; i < 3; i++) disk.free[chain[i]] = false;
  return true;
}

void give_back_descriptors(const uint16_t chain[3]) {
  for (int i = 0; i < 3; i++) disk.free[chain[i]] = true;
  wakeup(&disk.free);
}

void describe(uint16_t index, const void* buffer, uint32_t length, uint16_t flags, uint16_t next) {
  disk.descriptors[index] = {reinterpret_cast<uint64_t>(buffer), length, flags, next};
}

}  // namespace

void virtio_disk_init() {
  check_device();
  uint32_t status = 0;
  reg(kStatus) = status;  // reset
  reg(kStatus) = status |= kStatusAcknowledge;
  reg(kStatus) = status |= kStatusDriver;
  negotiate_features();
  reg(kStatus) = status |= kStatusFeaturesOk;
  if (!(reg(kStatus) & kStatusFeaturesOk)) panic("virtio disk refused our features");
  set_up_queue();
  reg(kStatus) = status |= kStatusDriverOk;
}

void virtio_disk_transfer(uint32_t block_number, void* data, bool write) {
  acquire(disk.lock);
  uint16_t chain[3];
  while (!take_descriptors(chain)) sleep(&disk.free, disk.lock);

  InFlight& request = disk.requests[chain[0]];
  request.header = {write ? kBlockOut : kBlockIn, 0,
                    static_cast<uint64_t>(block_number) * (panefs::kBlockSize / 512)};
  request.status = 0xff;
  request.done = false;
  describe(chain[0], &request.header, sizeof request.header, kDescriptorNext, chain[1]);
  uint16_t data_flags = kDescriptorNext | (write ? 0 : kDescriptorWrite);
  describe(chain[1], data, panefs::kBlockSize, data_flags, chain[2]);
  describe(chain[2], &request.status, 1, kDescriptorWrite, 0);

  // Publish the chain, then the new index, then tell the device (fences order them).
  disk.available->ring[disk.available->index % kQueueLength] = chain[0];
  __sync_synchronize();
  disk.available->index = disk.available->index + 1;
  __sync_synchronize();
  reg(kQueueNotify) = 0;

  while (!request.done) sleep(&request, disk.lock);
  if (request.status != 0) panic("virtio disk: block %u failed", block_number);
  give_back_descriptors(chain);
  release(disk.lock);
}

void virtio_disk_interrupt() {
  acquire(disk.lock);
  reg(kInterruptAck) = reg(kInterruptStatus) & 3;
  __sync_synchronize();
  auto* used = const_cast<volatile UsedRing*>(disk.used);
  while (disk.used_seen != used->index) {
    __sync_synchronize();
    uint32_t head = used->ring[disk.used_seen % kQueueLength].id;
    disk.requests[head].done = true;
    wakeup(&disk.requests[head]);
    disk.used_seen++;
  }
  release(disk.lock);
}

}  // namespace pane
