#include "devices/sifive_test.hpp"

namespace gh::devices {
namespace {

bool valid_access(uint64_t offset, unsigned size) {
  return (size == 2 || size == 4) && offset % size == 0;
}

}  // namespace

std::optional<uint64_t> SifiveTest::read(uint64_t offset, unsigned size) {
  if (!valid_access(offset, size)) return std::nullopt;
  return 0;
}

bool SifiveTest::write(uint64_t offset, unsigned size, uint64_t value) {
  if (!valid_access(offset, size)) return false;
  if (offset != 0) return true;
  const auto status = static_cast<uint16_t>(value);
  const auto code = static_cast<uint16_t>(value >> 16);
  switch (status) {
    case pass_status:
      power_.finish(FinisherRequest::pass, 0);
      break;
    case fail_status:
      power_.finish(FinisherRequest::fail, code);
      break;
    case reset_status:
      power_.finish(FinisherRequest::reset, 0);
      break;
    default:
      break;
  }
  return true;
}

}  // namespace gh::devices
