#include "session.hpp"

#include <array>

namespace gh::model {

Session::Session(std::unique_ptr<ByteSource> source, SessionOptions options)
    : source_(std::move(source)), options_(options) {}

OpenedSession Session::open_file(const std::string& path, SessionOptions options) {
  OpenedSource opened = open_file_source(path);
  if (!opened.source) return {nullptr, opened.error};
  return {std::make_unique<Session>(std::move(opened.source), options), {}};
}

OpenedSession Session::connect(const std::string& host_port, SessionOptions options) {
  OpenedSource opened = connect_source(host_port);
  if (!opened.source) return {nullptr, opened.error};
  return {std::make_unique<Session>(std::move(opened.source), options), {}};
}

bool Session::poll(int timeout_ms, std::vector<DecodedItem>* out) {
  if (ended_) return false;
  std::array<uint8_t, 64 * 1024> buffer;
  ReadResult result = source_->read(buffer, timeout_ms);
  std::vector<DecodedItem> items;
  ingest({buffer.data(), result.size}, items);
  if (result.end) {
    ended_ = true;
    error_ = result.error;
    decoder_.finish(items);
  }
  for (const DecodedItem& item : items) {
    state_.apply(item);
    if (options_.keep_log) {
      if (const Event* event = std::get_if<Event>(&item)) log_.push_back(*event);
    }
  }
  if (out) out->insert(out->end(), items.begin(), items.end());
  return !ended_;
}

void Session::run_to_end() {
  while (poll(-1)) {
  }
}

void Session::ingest(std::span<const uint8_t> bytes, std::vector<DecodedItem>& items) {
  if (bytes.empty()) return;
  if (recorder_) recorder_->write(bytes);
  decoder_.feed(bytes, items);
}

}  // namespace gh::model
