#include "recorder.hpp"

#include <cerrno>
#include <cstring>

namespace gh::model {

Recorder::Recorder(const std::string& path) : file_(std::fopen(path.c_str(), "wb")), path_(path) {
  if (!file_) error_ = "cannot create " + path + ": " + std::strerror(errno);
}

bool Recorder::write(std::span<const uint8_t> bytes) {
  if (!ok()) return false;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size()) {
    error_ = "cannot write " + path_ + ": " + std::strerror(errno);
    return false;
  }
  bytes_written_ += bytes.size();
  return true;
}

void Recorder::flush() {
  if (file_) std::fflush(file_.get());
}

}  // namespace gh::model
