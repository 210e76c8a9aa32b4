// A live or recorded event stream: a byte source (TCP or file), the decoder, the rebuilt
// SessionState, an optional event log and recorder, and the way back to the hypervisor
// for commands. Built the same way from a socket or from a file. Not thread-safe: an
// ingest thread calls poll() and hands results to the UI under its own lock.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "byte_source.hpp"
#include "command_encoder.hpp"
#include "command_text.hpp"
#include "recorder.hpp"
#include "session_state.hpp"
#include "stream_decoder.hpp"

namespace gh::model {

class Session;

struct OpenedSession {
  std::unique_ptr<Session> session;
  std::string error;
};

struct SessionOptions {
  bool keep_log = true;  // keep every event in log() (the inspector's trap log)
};

class Session {
 public:
  explicit Session(std::unique_ptr<ByteSource> source, SessionOptions options = {});

  static OpenedSession open_file(const std::string& path, SessionOptions options = {});
  static OpenedSession connect(const std::string& host_port, SessionOptions options = {});

  // Also writes every byte received to `recorder` (not owned; nullptr stops).
  void record_to(Recorder* recorder) { recorder_ = recorder; }

  // Waits up to `timeout_ms` for bytes, decodes and applies them; new items are also
  // appended to `out` when given. Returns false once the stream has ended.
  bool poll(int timeout_ms, std::vector<DecodedItem>* out = nullptr);
  // Reads until the stream ends (a file's end, the peer closing).
  void run_to_end();

  // Sends a command to the hypervisor; returns its request id, or nullopt when the
  // source cannot send (a recording) or sending failed.
  template <events::WireRecord Command>
  std::optional<uint32_t> send(Command command, uint16_t vcpu = events::all_vcpus) {
    command.request_id = commands_.next_request_id();
    if (!source_->send(commands_.encode(command, vcpu))) return std::nullopt;
    return command.request_id;
  }

  // The same for a command of any kind (parse_command's result).
  std::optional<uint32_t> send(const Command& command, uint16_t vcpu) {
    return std::visit([&](const auto& typed) { return send(typed, vcpu); }, command);
  }

  [[nodiscard]] const SessionState& state() const { return state_; }
  [[nodiscard]] const std::vector<Event>& log() const { return log_; }
  [[nodiscard]] const DecoderStats& decoder_stats() const { return decoder_.stats(); }
  [[nodiscard]] bool ended() const { return ended_; }
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] std::string description() const { return source_->description(); }

 private:
  void ingest(std::span<const uint8_t> bytes, std::vector<DecodedItem>& items);

  std::unique_ptr<ByteSource> source_;
  SessionOptions options_;
  StreamDecoder decoder_;
  SessionState state_;
  CommandEncoder commands_;
  std::vector<Event> log_;
  Recorder* recorder_ = nullptr;
  bool ended_ = false;
  std::string error_;
};

}  // namespace gh::model
