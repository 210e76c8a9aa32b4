// Writes the raw stream, byte for byte, to a file that `--open` (or a Session) replays.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>

namespace gh::model {

class Recorder {
 public:
  // Creates (truncates) `path`; on failure error() says why and write() does nothing.
  explicit Recorder(const std::string& path);
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  [[nodiscard]] bool ok() const { return file_ != nullptr && error_.empty(); }
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] uint64_t bytes_written() const { return bytes_written_; }

  bool write(std::span<const uint8_t> bytes);
  void flush();

 private:
  struct Closer {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::unique_ptr<std::FILE, Closer> file_;
  std::string path_;
  std::string error_;
  uint64_t bytes_written_ = 0;
};

}  // namespace gh::model
