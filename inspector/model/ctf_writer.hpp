// Exports a stream as a CTF 1.8 trace (a TSDL `metadata` file and one binary stream file
// per vCPU), readable by babeltrace2 and Trace Compass. Each record kind is one event
// class; enumerations are written as strings, addresses as hex integers; the clock is
// the hypervisor's timebase (its frequency from the stream hello).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "record.hpp"

namespace gh::model {

class CtfWriter {
 public:
  void add(const Event& event);
  // Writes the trace into `directory` (created if missing). Returns an error message, or
  // an empty string on success.
  std::string write(const std::string& directory) const;

  [[nodiscard]] uint64_t event_count() const { return event_count_; }
  // The TSDL metadata text (also what write() stores in `metadata`).
  [[nodiscard]] std::string metadata() const;

 private:
  struct StreamFile {
    std::vector<uint8_t> events;
    uint64_t first_timestamp = 0;
    uint64_t last_timestamp = 0;
    bool empty = true;
  };
  std::vector<uint8_t> packet(uint16_t vcpu, const StreamFile& stream) const;

  std::map<uint16_t, StreamFile> streams_;
  uint64_t timebase_hz_ = 0;
  uint64_t event_count_ = 0;
};

}  // namespace gh::model
