// What panels may ask of the app beyond the view state: change the source, save it,
// send commands to the hypervisor. The app carries them out between frames.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "events/wire_format.hpp"
#include "ingest_worker.hpp"

namespace gh::inspector {

class AppActions {
 public:
  virtual void open_recording(const std::string& path) = 0;
  virtual void connect(const std::string& host_port) = 0;
  virtual void disconnect() = 0;
  virtual bool save_recording(const std::string& path, std::string& error) = 0;
  virtual std::optional<uint32_t> send_filter(const events::SetFilterCommand& filter) = 0;
  virtual std::optional<uint32_t> request_translation(uint16_t vcpu, uint64_t gva,
                                                      events::AccessKind access) = 0;
  virtual void request_snapshots() = 0;

  [[nodiscard]] virtual bool live() const = 0;
  [[nodiscard]] virtual bool connected() const = 0;
  [[nodiscard]] virtual std::string source_description() const = 0;
  [[nodiscard]] virtual IngestStats ingest_stats() const = 0;
  [[nodiscard]] virtual std::string last_error() const = 0;

 protected:
  ~AppActions() = default;
};

}  // namespace gh::inspector
