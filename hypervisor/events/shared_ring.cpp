#include "events/shared_ring.hpp"

#include "events/ring_counters.hpp"

namespace gh::events {
namespace {

SharedRingHeader& header_of(std::span<uint8_t> memory) {
  return *reinterpret_cast<SharedRingHeader*>(memory.data());
}

const SharedRingHeader& header_of(std::span<const uint8_t> memory) {
  return *reinterpret_cast<const SharedRingHeader*>(memory.data());
}

std::span<uint8_t> region(std::span<uint8_t> memory, uint64_t offset, uint64_t size) {
  return memory.subspan(static_cast<size_t>(offset), static_cast<size_t>(size));
}

// A region the header claims: past the header and inside the memory (overflow-safe).
bool inside(uint64_t offset, uint64_t size, uint64_t memory_size) {
  return offset >= sizeof(SharedRingHeader) && size != 0 && offset <= memory_size &&
         size <= memory_size - offset;
}

bool apart(uint64_t offset_a, uint64_t size_a, uint64_t offset_b, uint64_t size_b) {
  return offset_a + size_a <= offset_b || offset_b + size_b <= offset_a;
}

bool fits(const SharedRingLayout& layout, uint64_t memory_size) {
  return inside(layout.event_data_offset, layout.event_data_size, memory_size) &&
         inside(layout.command_data_offset, layout.command_data_size, memory_size) &&
         apart(layout.event_data_offset, layout.event_data_size, layout.command_data_offset,
               layout.command_data_size);
}

}  // namespace

std::optional<SharedRingLayout> plan_shared_ring_layout(uint64_t memory_size) {
  if (memory_size < shared_ring_min_memory) return std::nullopt;
  const uint64_t command_offset = memory_size - shared_command_ring_bytes;
  return SharedRingLayout{.event_data_offset = shared_ring_header_bytes,
                          .event_data_size = command_offset - shared_ring_header_bytes,
                          .command_data_offset = command_offset,
                          .command_data_size = shared_command_ring_bytes};
}

SharedRingWriter::SharedRingWriter(std::span<uint8_t> data, uint64_t& head, const uint64_t& tail)
    : data_(data), published_head_(&head), tail_(&tail), head_(load_acquire(head)) {}

size_t SharedRingWriter::free_space() const {
  const uint64_t unread = head_ - load_acquire(*tail_);
  return unread > data_.size() ? 0 : data_.size() - static_cast<size_t>(unread);
}

bool SharedRingWriter::try_write(std::span<const uint8_t> bytes) {
  if (bytes.size() > free_space()) return false;
  size_t position = static_cast<size_t>(head_ % data_.size());
  for (uint8_t byte : bytes) {
    data_[position] = byte;
    if (++position == data_.size()) position = 0;
  }
  head_ += bytes.size();
  store_release(*published_head_, head_);
  return true;
}

SharedRingReader::SharedRingReader(std::span<uint8_t> data, uint64_t& tail, const uint64_t& head)
    : data_(data), published_tail_(&tail), head_(&head), tail_(load_acquire(tail)) {}

size_t SharedRingReader::read(std::span<uint8_t> out) {
  const uint64_t head = load_acquire(*head_);
  const uint64_t available = head - tail_;
  if (available > data_.size()) {
    ++resyncs_;
    tail_ = head;
    store_release(*published_tail_, tail_);
    return 0;
  }
  size_t count = 0;
  size_t position = static_cast<size_t>(tail_ % data_.size());
  for (; count < out.size() && count < available; ++count) {
    out[count] = data_[position];
    if (++position == data_.size()) position = 0;
  }
  tail_ += count;
  store_release(*published_tail_, tail_);
  return count;
}

bool SharedRingHypervisorEnd::initialize(std::span<uint8_t> memory) {
  const auto layout = plan_shared_ring_layout(memory.size());
  if (!layout) return false;
  SharedRingHeader& h = header_of(memory);
  h.version = shared_ring_version;
  h.event_data_offset = layout->event_data_offset;
  h.event_data_size = layout->event_data_size;
  h.command_data_offset = layout->command_data_offset;
  h.command_data_size = layout->command_data_size;
  store_release(h.event_head, 0);
  store_release(h.event_tail, 0);
  store_release(h.closed, 0);
  store_release(h.command_head, 0);
  store_release(h.command_tail, 0);
  events_.emplace(region(memory, layout->event_data_offset, layout->event_data_size), h.event_head,
                  h.event_tail);
  commands_.emplace(region(memory, layout->command_data_offset, layout->command_data_size),
                    h.command_tail, h.command_head);
  closed_ = &h.closed;
  store_release(h.magic, shared_ring_magic);
  return true;
}

bool SharedRingHypervisorEnd::try_write_events(std::span<const uint8_t> bytes) {
  return events_ && events_->try_write(bytes);
}

size_t SharedRingHypervisorEnd::event_free_space() const {
  return events_ ? events_->free_space() : 0;
}

size_t SharedRingHypervisorEnd::read_commands(std::span<uint8_t> out) {
  return commands_ ? commands_->read(out) : 0;
}

uint64_t SharedRingHypervisorEnd::command_resyncs() const {
  return commands_ ? commands_->resyncs() : 0;
}

void SharedRingHypervisorEnd::close() {
  if (closed_ != nullptr) store_release(*closed_, 1);
}

std::optional<SharedRingLayout> read_shared_ring_layout(std::span<const uint8_t> memory) {
  if (memory.size() < sizeof(SharedRingHeader)) return std::nullopt;
  const SharedRingHeader& h = header_of(memory);
  if (load_acquire(h.magic) != shared_ring_magic || h.version != shared_ring_version) {
    return std::nullopt;
  }
  const SharedRingLayout layout{.event_data_offset = h.event_data_offset,
                                .event_data_size = h.event_data_size,
                                .command_data_offset = h.command_data_offset,
                                .command_data_size = h.command_data_size};
  if (!fits(layout, memory.size())) return std::nullopt;
  return layout;
}

std::optional<SharedRingReader> attach_event_reader(std::span<uint8_t> memory) {
  const auto layout = read_shared_ring_layout(memory);
  if (!layout) return std::nullopt;
  SharedRingHeader& h = header_of(memory);
  return SharedRingReader(region(memory, layout->event_data_offset, layout->event_data_size),
                          h.event_tail, h.event_head);
}

std::optional<SharedRingWriter> attach_command_writer(std::span<uint8_t> memory) {
  const auto layout = read_shared_ring_layout(memory);
  if (!layout) return std::nullopt;
  SharedRingHeader& h = header_of(memory);
  return SharedRingWriter(region(memory, layout->command_data_offset, layout->command_data_size),
                          h.command_head, h.command_tail);
}

bool shared_ring_closed(std::span<const uint8_t> memory) {
  return memory.size() >= sizeof(SharedRingHeader) && load_acquire(header_of(memory).closed) != 0;
}

}  // namespace gh::events
