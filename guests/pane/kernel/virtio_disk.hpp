// The virtio block device in the first virtio-mmio slot (0x1000_1000, interrupt 1).
#pragma once

#include <cstdint>

namespace pane {

void virtio_disk_init();
// Reads or writes one 1 KiB file-system block; sleeps until the device is done.
void virtio_disk_transfer(uint32_t block_number, void* data, bool write);
void virtio_disk_interrupt();

}  // namespace pane
