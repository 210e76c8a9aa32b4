#include "events/shared_ring.hpp"

#include "events/ring_counters.hpp"

namespace gh::events {
SharedRingHeader& SharedRing::header() const {
  return *reinterpret_cast<SharedRingHeader*>(memory_.data());
}

std::span<uint8_t> SharedRing::data() const {
  const SharedRingHeader& h = header();
  return memory_.subspan(h.data_offset, static_cast<size_t>(h.data_size));
}

bool SharedRing::initialize() {
  if (memory_.size() <= shared_ring_data_offset) return false;
  SharedRingHeader& h = header();
  h.version = shared_ring_version;
  h.data_offset = shared_ring_data_offset;
  h.data_size = memory_.size() - shared_ring_data_offset;
  store_release(h.head, 0);
  store_release(h.tail, 0);
  store_release(h.closed, 0);
  store_release(h.magic, shared_ring_magic);
  return true;
}

bool SharedRing::valid() const {
  if (memory_.size() < sizeof(SharedRingHeader)) return false;
  const SharedRingHeader& h = header();
  if (load_acquire(h.magic) != shared_ring_magic || h.version != shared_ring_version) return false;
  return h.data_offset >= sizeof(SharedRingHeader) && h.data_offset < memory_.size() &&
         h.data_size != 0 && h.data_size <= memory_.size() - h.data_offset;
}

size_t SharedRing::free_space() const {
  const SharedRingHeader& h = header();
  return static_cast<size_t>(h.data_size - (h.head - load_acquire(h.tail)));
}

bool SharedRing::try_write(std::span<const uint8_t> bytes) {
  if (bytes.size() > free_space()) return false;
  SharedRingHeader& h = header();
  const std::span<uint8_t> ring = data();
  size_t position = static_cast<size_t>(h.head % ring.size());
  for (uint8_t byte : bytes) {
    ring[position] = byte;
    if (++position == ring.size()) position = 0;
  }
  store_release(h.head, h.head + bytes.size());
  return true;
}

void SharedRing::close() { store_release(header().closed, 1); }

bool SharedRing::closed() const { return load_acquire(header().closed) != 0; }

// The consumer trusts nothing it reads: a corrupt head never makes it read outside the
// ring (it reads at most one ring's worth, modulo the size).
size_t SharedRing::read(std::span<uint8_t> out) {
  SharedRingHeader& h = header();
  const std::span<uint8_t> ring = data();
  const uint64_t head = load_acquire(h.head);
  uint64_t tail = h.tail;
  uint64_t available = head - tail;
  if (available > ring.size()) available = ring.size();
  size_t count = 0;
  for (; count < out.size() && count < available; ++count) {
    out[count] = ring[static_cast<size_t>((tail + count) % ring.size())];
  }
  store_release(h.tail, tail + count);
  return count;
}

}  // namespace gh::events
