// Test fixture: writes an event stream made with the hypervisor's encoder to a file.
//   make-event-recording FILE [--corrupt]      the small sample (or its damaged variant)
//   make-event-recording FILE --synthetic [--events N] [--vcpus N] [--h] [--seed N]
//                                              a busy, self-consistent guest (see
//                                              synthetic_stream.hpp)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "sample_stream.hpp"
#include "synthetic_stream.hpp"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: make-event-recording FILE [--corrupt]\n"
               "       make-event-recording FILE --synthetic [--events N] [--vcpus N] [--h] "
               "[--seed N]\n");
  return 2;
}

bool write_all(std::FILE* file, std::span<const uint8_t> bytes) {
  return std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
}

// Parses the --synthetic options; false on anything unknown.
bool parse_synthetic(int argc, char** argv, gh::events::test::SyntheticOptions& options) {
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--h") {
      options.h_backend = true;
    } else if (arg == "--events" && has_value) {
      options.events = std::strtoull(argv[++i], nullptr, 0);
    } else if (arg == "--vcpus" && has_value) {
      options.vcpus = static_cast<uint16_t>(std::strtoul(argv[++i], nullptr, 0));
    } else if (arg == "--seed" && has_value) {
      options.seed = static_cast<uint32_t>(std::strtoul(argv[++i], nullptr, 0));
    } else {
      return false;
    }
  }
  return options.vcpus > 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const bool synthetic = argc >= 3 && std::strcmp(argv[2], "--synthetic") == 0;
  const bool corrupt = !synthetic && argc == 3 && std::strcmp(argv[2], "--corrupt") == 0;
  gh::events::test::SyntheticOptions options;
  if (synthetic && !parse_synthetic(argc, argv, options)) return usage();
  if (!synthetic && argc != 2 && !corrupt) return usage();

  std::FILE* file = std::fopen(argv[1], "wb");
  if (!file) {
    std::perror(argv[1]);
    return 1;
  }
  bool ok = true;
  if (synthetic) {
    gh::events::test::write_synthetic_stream(
        options, [&](std::span<const uint8_t> chunk) { ok = ok && write_all(file, chunk); });
  } else {
    ok = write_all(file, corrupt ? gh::events::test::corrupted_sample_stream()
                                 : gh::events::test::sample_stream());
  }
  if (std::fclose(file) != 0 || !ok) {
    std::perror(argv[1]);
    return 1;
  }
  return 0;
}
