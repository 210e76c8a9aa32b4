#include <cstdarg>

#include "../common/format.hpp"
#include "pane.hpp"

namespace {

// printf collects its output and writes it with as few write() calls as possible,
// so that lines from different processes do not interleave byte by byte.
struct OutputBuffer {
  int fd;
  int used;
  char bytes[128];
};

void flush(OutputBuffer* out) {
  if (out->used > 0) write(out->fd, out->bytes, out->used);
  out->used = 0;
}

void put(char c, void* context) {
  auto* out = static_cast<OutputBuffer*>(context);
  if (out->used == sizeof out->bytes) flush(out);
  out->bytes[out->used++] = c;
}

void print_to(int fd, const char* fmt, va_list args) {
  OutputBuffer out{fd, 0, {}};
  pane::format(put, &out, fmt, args);
  flush(&out);
}

}  // namespace

void printf(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  print_to(kStdout, fmt, args);
  va_end(args);
}

void fprintf(int fd, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  print_to(fd, fmt, args);
  va_end(args);
}

int read_line(int fd, char* buffer, int max) {
  int length = 0;
  while (length < max - 1) {
    char c;
    if (read(fd, &c, 1) != 1) {
      if (length == 0) return -1;
      break;
    }
    if (c == '\n') break;
    buffer[length++] = c;
  }
  buffer[length] = '\0';
  return length;
}

int split_words(char* line, char** words, int max) {
  int count = 0;
  char* c = line;
  while (*c && count < max) {
    while (*c == ' ' || *c == '\t') *c++ = '\0';
    if (*c == '\0') break;
    words[count++] = c;
    while (*c && *c != ' ' && *c != '\t') c++;
  }
  return count;
}

int atoi(const char* s) {
  int sign = 1, value = 0;
  if (*s == '-') sign = -1, s++;
  while (*s >= '0' && *s <= '9') value = value * 10 + (*s++ - '0');
  return sign * value;
}

int run(const char* const* argv) {
  int pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    char path[64] = "/";
    strlcpy_pane(path + 1, argv[0], sizeof path - 1);
    exec(path, argv);
    fprintf(kStderr, "cannot run %s\n", argv[0]);
    exit(127);
  }
  int status = -1;
  while (wait(&status) != pid) {
  }
  return status;
}
