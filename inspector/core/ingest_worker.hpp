// The ingest thread: reads a Session (file or socket) as fast as bytes come, applies the
// decoded items to the InspectorModel under its mutex, and keeps every raw byte so the
// session can be saved as a recording. Commands go back through send().
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "inspector_model.hpp"
#include "session.hpp"

namespace gh::inspector {

struct IngestStats {
  uint64_t bytes = 0;
  uint64_t events = 0;
  double seconds = 0;  // from start to the end of the stream (or now)
  bool ended = false;
  std::string error;
};

class IngestWorker {
 public:
  // Opens `--open FILE` or `--connect HOST:PORT`; on failure error() says why.
  static std::unique_ptr<IngestWorker> open_file(const std::string& path, InspectorModel& model,
                                                 std::string& error);
  static std::unique_ptr<IngestWorker> connect(const std::string& host_port, InspectorModel& model,
                                               std::string& error);

  IngestWorker(std::unique_ptr<model::ByteSource> source, InspectorModel& model, bool live);
  ~IngestWorker();
  IngestWorker(const IngestWorker&) = delete;
  IngestWorker& operator=(const IngestWorker&) = delete;

  void start();
  void stop();
  // Blocks until the stream has ended (a recording's end), or `timeout_ms` passed.
  bool wait_for_end(int timeout_ms);

  [[nodiscard]] bool live() const { return live_; }
  [[nodiscard]] std::string description() const { return description_; }
  [[nodiscard]] IngestStats stats() const;
  // Writes every byte received so far to `path`.
  bool save_recording(const std::string& path, std::string& error) const;

  template <events::WireRecord Command>
  std::optional<uint32_t> send(const Command& command, uint16_t vcpu = events::all_vcpus) {
    std::lock_guard lock(send_mutex_);
    return session_->send(command, vcpu);
  }

 private:
  void run();

  std::unique_ptr<model::Session> session_;
  InspectorModel& model_;
  bool live_;
  std::string description_;
  std::shared_ptr<std::vector<uint8_t>> raw_;
  mutable std::mutex raw_mutex_;
  std::mutex send_mutex_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> ended_{false};
  std::atomic<uint64_t> events_{0};
  std::atomic<uint64_t> end_nanoseconds_{0};
  uint64_t start_nanoseconds_ = 0;
  std::string error_;
};

}  // namespace gh::inspector
