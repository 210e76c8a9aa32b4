// Test fixture: writes the sample event stream (or its corrupted variant) to a file.
//   make-event-recording FILE [--corrupt]
#include <cstdio>
#include <cstring>

#include "sample_stream.hpp"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3 || (argc == 3 && std::strcmp(argv[2], "--corrupt") != 0)) {
    std::fprintf(stderr, "usage: make-event-recording FILE [--corrupt]\n");
    return 2;
  }
  auto bytes =
      argc == 3 ? gh::events::test::corrupted_sample_stream() : gh::events::test::sample_stream();
  std::FILE* file = std::fopen(argv[1], "wb");
  if (!file || std::fwrite(bytes.data(), 1, bytes.size(), file) != bytes.size()) {
    std::perror(argv[1]);
    return 1;
  }
  std::fclose(file);
  return 0;
}
