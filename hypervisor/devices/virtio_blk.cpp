#include "devices/virtio_blk.hpp"

namespace gh::devices {
namespace {

using namespace virtio_blk;

constexpr uint64_t header_bytes = 16;  // type, reserved (ioprio), sector
constexpr uint64_t sector_size = BlockBackend::sector_size;
constexpr uint32_t max_requests_per_notify = 65536;
constexpr uint32_t write_zeroes_flag_unmap = 1;

uint64_t little_endian(std::span<const uint8_t> bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < bytes.size(); ++i) value |= static_cast<uint64_t>(bytes[i]) << (8 * i);
  return value;
}

template <size_t N>
void put(std::array<uint8_t, N>& image, size_t offset, unsigned size, uint64_t value) {
  for (unsigned i = 0; i < size; ++i) image[offset + i] = static_cast<uint8_t>(value >> (8 * i));
}

// QEMU's guess for a disk without a partition table: 16 heads, 63 sectors per track.
uint64_t guessed_cylinders(uint64_t sectors) {
  const uint64_t cylinders = sectors / (16 * 63);
  return cylinders < 2 ? 2 : (cylinders > 16383 ? 16383 : cylinders);
}

}  // namespace

VirtioBlock::VirtioBlock(BlockBackend& disk, DmaMemory& memory, std::string_view serial)
    : disk_(disk), memory_(memory) {
  serial_length_ = serial.size() < id_bytes ? serial.size() : id_bytes;
  for (size_t i = 0; i < serial_length_; ++i) serial_[i] = static_cast<uint8_t>(serial[i]);
}

uint64_t VirtioBlock::offered_features(uint64_t transport_features) const {
  uint64_t features = transport_features | feature::seg_max | feature::geometry |
                      feature::topology | feature::blk_size | feature::flush | feature::config_wce |
                      feature::discard | feature::write_zeroes;
  if ((transport_features & virtio::feature::version_1) == 0) {
    features &= ~virtio::feature::any_layout;
    features |= feature::scsi;
  }
  if (disk_.read_only()) features |= feature::read_only;
  return features;
}

std::array<uint8_t, VirtioBlock::config_bytes> VirtioBlock::config_image() const {
  std::array<uint8_t, config_bytes> image{};
  const uint64_t sectors = disk_.sector_count();
  put(image, 0, 8, sectors);                      // capacity
  put(image, 12, 4, queue_size - 2);              // seg_max
  put(image, 16, 2, guessed_cylinders(sectors));  // geometry
  put(image, 18, 1, 16);
  put(image, 19, 1, 63);
  put(image, 20, 4, sector_size);  // blk_size
  put(image, 32, 1, write_cache_ ? 1 : 0);
  put(image, 34, 2, 1);                    // num_queues
  put(image, 36, 4, max_request_sectors);  // max_discard_sectors
  put(image, 40, 4, 1);                    // max_discard_seg
  put(image, 44, 4, 1);                    // discard_sector_alignment
  put(image, 48, 4, max_request_sectors);  // max_write_zeroes_sectors
  put(image, 52, 4, 1);                    // max_write_zeroes_seg
  put(image, 56, 1, 1);                    // write_zeroes_may_unmap
  return image;
}

uint8_t VirtioBlock::read_config(uint32_t offset) const {
  return offset < config_bytes ? config_image()[offset] : 0xff;
}

void VirtioBlock::write_config(uint32_t offset, uint8_t value) {
  if (offset == 32) write_cache_ = value != 0;  // only `wce` is writable
}

// QEMU virtio_blk_set_status: a driver that did not negotiate CONFIG_WCE gets the write
// cache it negotiated with FLUSH (none: writes go straight through).
void VirtioBlock::set_status(uint8_t status) {
  if ((status & virtio::status::driver_ok) == 0 || (negotiated_ & feature::config_wce) != 0) {
    return;
  }
  write_cache_ = (negotiated_ & feature::flush) != 0;
}

void VirtioBlock::reset() {
  negotiated_ = 0;
  write_cache_ = true;  // QEMU restores the drive's original cache mode
}

QueueResult VirtioBlock::process_queue(uint16_t index, Virtqueue& queue) {
  if (index != 0) return QueueResult::ok;
  for (uint32_t taken = 0; taken < max_requests_per_notify; ++taken) {
    const PopResult popped = queue.pop(chain_);
    if (popped == PopResult::empty) return QueueResult::ok;
    if (popped == PopResult::error) return QueueResult::device_error;
    const Outcome status = handle_request();
    if (!status || !write_status(*status) ||
        !queue.push(chain_.head, static_cast<uint32_t>(chain_.writable_bytes))) {
      return QueueResult::device_error;
    }
  }
  return QueueResult::ok;
}

bool VirtioBlock::write_status(uint8_t status) {
  SegmentCursor cursor(memory_, chain_.writable());
  const std::array<uint8_t, 1> byte{status};
  return cursor.skip(chain_.writable_bytes - 1) && cursor.copy_in(byte);
}

VirtioBlock::Outcome VirtioBlock::handle_request() {
  if (chain_.readable_count == 0 || chain_.writable_count == 0) return std::nullopt;
  std::array<uint8_t, header_bytes> header{};
  SegmentCursor cursor(memory_, chain_.readable());
  if (!cursor.copy_out(header)) return std::nullopt;  // "outhdr too short"
  const auto type = static_cast<uint32_t>(little_endian(std::span(header).subspan(0, 4)));
  const uint64_t sector = little_endian(std::span(header).subspan(8, 8));
  switch (type & ~(request::out | request::barrier)) {
    case request::in:
      return (type & request::out) != 0 ? write_sectors(sector) : read_sectors(sector);
    case request::flush:
      return flush();
    case request::get_id:
      return get_id();
    case request::discard & ~request::out:
    case request::write_zeroes & ~request::out:
      return discard_or_write_zeroes(type);
    default:
      return status::unsupported;  // including SCSI commands
  }
}

// QEMU virtio_blk_sect_range_ok.
bool VirtioBlock::range_ok(uint64_t sector, uint64_t bytes) const {
  const uint64_t count = bytes / sector_size;
  const uint64_t total = disk_.sector_count();
  if (count > max_request_sectors || bytes % sector_size != 0) return false;
  return sector <= total && count <= total - sector;
}

VirtioBlock::Outcome VirtioBlock::read_sectors(uint64_t sector) {
  const uint64_t bytes = chain_.writable_bytes - 1;  // the last byte is the status
  if (!range_ok(sector, bytes)) return status::io_error;
  SegmentCursor data(memory_, chain_.writable());
  for (uint64_t done = 0; done < bytes;) {
    const uint64_t piece = bytes - done < bounce_.size() ? bytes - done : bounce_.size();
    const std::span<uint8_t> buffer(bounce_.data(), piece);
    if (!disk_.read(sector + done / sector_size, buffer)) return status::io_error;
    if (!data.copy_in(buffer)) return std::nullopt;
    done += piece;
  }
  return status::ok;
}

VirtioBlock::Outcome VirtioBlock::write_sectors(uint64_t sector) {
  const uint64_t bytes = chain_.readable_bytes - header_bytes;
  if (!range_ok(sector, bytes) || disk_.read_only()) return status::io_error;
  SegmentCursor data(memory_, chain_.readable());
  if (!data.skip(header_bytes)) return std::nullopt;
  for (uint64_t done = 0; done < bytes;) {
    const uint64_t piece = bytes - done < bounce_.size() ? bytes - done : bounce_.size();
    const std::span<uint8_t> buffer(bounce_.data(), piece);
    if (!data.copy_out(buffer)) return std::nullopt;
    if (!disk_.write(sector + done / sector_size, buffer)) return status::io_error;
    done += piece;
  }
  // With the write cache off (config `wce` = 0) every write is written through.
  if (!write_cache_ && !disk_.flush()) return status::io_error;
  return status::ok;
}

VirtioBlock::Outcome VirtioBlock::flush() { return disk_.flush() ? status::ok : status::io_error; }

// The serial number, NUL-terminated only when shorter than the 20-byte buffer.
VirtioBlock::Outcome VirtioBlock::get_id() {
  const uint64_t room = chain_.writable_bytes - 1;
  uint64_t length = serial_length_ + 1;
  if (length > room) length = room;
  if (length > id_bytes) length = id_bytes;
  SegmentCursor data(memory_, chain_.writable());
  if (!data.copy_in(std::span<const uint8_t>(serial_.data(), length))) return std::nullopt;
  return status::ok;
}

// One discard / write-zeroes segment, as QEMU 7.2 supports.
VirtioBlock::Outcome VirtioBlock::discard_or_write_zeroes(uint32_t type) {
  const uint64_t segment_bytes = chain_.readable_bytes - header_bytes;
  if ((type & request::out) == 0 || segment_bytes > 16) return status::unsupported;
  std::array<uint8_t, 16> segment{};
  SegmentCursor cursor(memory_, chain_.readable());
  if (!cursor.skip(header_bytes) || !cursor.copy_out(segment)) return std::nullopt;
  const uint64_t sector = little_endian(std::span(segment).subspan(0, 8));
  const uint64_t count = little_endian(std::span(segment).subspan(8, 4));
  const uint64_t flags = little_endian(std::span(segment).subspan(12, 4));
  if (count > max_request_sectors || !range_ok(sector, count * sector_size)) {
    return status::io_error;
  }
  if ((flags & ~uint64_t{write_zeroes_flag_unmap}) != 0) return status::unsupported;
  if ((type & ~request::barrier) == request::write_zeroes) return write_zeroes(sector, count);
  if ((flags & write_zeroes_flag_unmap) != 0) return status::unsupported;
  // Discard: QEMU's default `discard=ignore` keeps the data.
  return disk_.read_only() ? status::io_error : status::ok;
}

VirtioBlock::Outcome VirtioBlock::write_zeroes(uint64_t sector, uint64_t count) {
  if (disk_.read_only()) return status::io_error;
  bounce_.fill(0);
  const uint64_t per_write = bounce_.size() / sector_size;
  for (uint64_t done = 0; done < count;) {
    const uint64_t sectors = count - done < per_write ? count - done : per_write;
    if (!disk_.write(sector + done,
                     std::span<const uint8_t>(bounce_.data(), sectors * sector_size))) {
      return status::io_error;
    }
    done += sectors;
  }
  if (!write_cache_ && !disk_.flush()) return status::io_error;
  return status::ok;
}

}  // namespace gh::devices
