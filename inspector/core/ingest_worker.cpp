#include "ingest_worker.hpp"

#include <chrono>
#include <cstdio>

namespace gh::inspector {

namespace {

uint64_t now_nanoseconds() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

// Passes reads and sends through, keeping a copy of every byte read.
class CapturingSource final : public model::ByteSource {
 public:
  CapturingSource(std::unique_ptr<model::ByteSource> inner,
                  std::shared_ptr<std::vector<uint8_t>> bytes, std::mutex& mutex)
      : inner_(std::move(inner)), bytes_(std::move(bytes)), mutex_(mutex) {}

  model::ReadResult read(std::span<uint8_t> out, int timeout_ms) override {
    model::ReadResult result = inner_->read(out, timeout_ms);
    std::lock_guard lock(mutex_);
    bytes_->insert(bytes_->end(), out.begin(), out.begin() + static_cast<long>(result.size));
    return result;
  }
  bool send(std::span<const uint8_t> bytes) override { return inner_->send(bytes); }
  [[nodiscard]] std::string description() const override { return inner_->description(); }

 private:
  std::unique_ptr<model::ByteSource> inner_;
  std::shared_ptr<std::vector<uint8_t>> bytes_;
  std::mutex& mutex_;
};

}  // namespace

std::unique_ptr<IngestWorker> IngestWorker::open_file(const std::string& path,
                                                      InspectorModel& model, std::string& error) {
  model::OpenedSource opened = model::open_file_source(path);
  if (!opened.source) {
    error = opened.error;
    return nullptr;
  }
  return std::make_unique<IngestWorker>(std::move(opened.source), model, false);
}

std::unique_ptr<IngestWorker> IngestWorker::connect(const std::string& host_port,
                                                    InspectorModel& model, std::string& error) {
  model::OpenedSource opened = model::connect_source(host_port);
  if (!opened.source) {
    error = opened.error;
    return nullptr;
  }
  return std::make_unique<IngestWorker>(std::move(opened.source), model, true);
}

IngestWorker::IngestWorker(std::unique_ptr<model::ByteSource> source, InspectorModel& model,
                           bool live)
    : model_(model), live_(live), raw_(std::make_shared<std::vector<uint8_t>>()) {
  description_ = source->description();
  auto capturing = std::make_unique<CapturingSource>(std::move(source), raw_, raw_mutex_);
  session_ = std::make_unique<model::Session>(std::move(capturing),
                                              model::SessionOptions{.keep_log = false});
}

IngestWorker::~IngestWorker() { stop(); }

void IngestWorker::start() {
  start_nanoseconds_ = now_nanoseconds();
  thread_ = std::thread([this] { run(); });
}

void IngestWorker::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

bool IngestWorker::wait_for_end(int timeout_ms) {
  const uint64_t deadline = now_nanoseconds() + static_cast<uint64_t>(timeout_ms) * 1'000'000;
  while (!ended_ && now_nanoseconds() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return ended_;
}

void IngestWorker::run() {
  std::vector<model::DecodedItem> items;
  while (!stopping_) {
    items.clear();
    const bool more = session_->poll(50, &items);
    if (!items.empty()) {
      std::lock_guard lock(model_.mutex());
      model_.apply(items);
    }
    events_ = session_->state().counters().events;
    if (!more) break;
  }
  {
    std::lock_guard lock(raw_mutex_);
    error_ = session_->error();
  }
  end_nanoseconds_ = now_nanoseconds();
  ended_ = true;
}

IngestStats IngestWorker::stats() const {
  IngestStats stats;
  stats.ended = ended_;
  stats.events = events_;
  const uint64_t end = ended_ ? end_nanoseconds_.load() : now_nanoseconds();
  stats.seconds = static_cast<double>(end - start_nanoseconds_) / 1e9;
  std::lock_guard lock(raw_mutex_);
  stats.bytes = raw_->size();
  stats.error = error_;
  return stats;
}

bool IngestWorker::save_recording(const std::string& path, std::string& error) const {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) {
    error = "cannot create " + path;
    return false;
  }
  std::lock_guard lock(raw_mutex_);
  const bool ok = std::fwrite(raw_->data(), 1, raw_->size(), file) == raw_->size();
  if (std::fclose(file) != 0 || !ok) {
    error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace gh::inspector
