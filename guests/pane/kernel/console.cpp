#include "console.hpp"

#include "file.hpp"
#include "process.hpp"
#include "spinlock.hpp"
#include "uart.hpp"

namespace pane {
namespace {

constexpr char kEndOfInput = 4;  // Ctrl-D
constexpr char kBackspace = '\b';
constexpr char kDelete = 0x7f;
constexpr uint64_t kBufferSize = 128;

// The input buffer is a ring of three positions, each counting bytes ever received:
// [read, committed) are complete lines waiting for read(); [committed, edited) is the
// line being typed, which backspace may still change.
Spinlock console_lock{"console"};
char buffer[kBufferSize];
uint64_t read_position = 0;
uint64_t committed = 0;
uint64_t edited = 0;

void echo(char c) {
  if (c == '\n') uart_put_sync('\r');
  uart_put_sync(c);
}

void erase_last() {
  if (edited == committed) return;
  edited--;
  echo('\b');
  echo(' ');
  echo('\b');
}

}  // namespace

void console_input(char c) {
  acquire(console_lock);
  if (c == kBackspace || c == kDelete) {
    erase_last();
  } else if (c != 0 && edited - read_position < kBufferSize) {
    if (c == '\r') c = '\n';
    if (c != kEndOfInput) echo(c);
    buffer[edited++ % kBufferSize] = c;
    if (c == '\n' || c == kEndOfInput || edited - read_position == kBufferSize) {
      committed = edited;
      wakeup(&read_position);
    }
  }
  release(console_lock);
}

int console_read(uint64_t dst_va, int n) {
  Process* p = current_process();
  int done = 0;
  acquire(console_lock);
  while (done < n) {
    while (read_position == committed) {
      if (is_killed(p)) {
        release(console_lock);
        return -1;
      }
      sleep(&read_position, console_lock);
    }
    char c = buffer[read_position++ % kBufferSize];
    if (c == kEndOfInput) {
      if (done > 0) read_position--;  // end this read; the next one returns 0
      break;
    }
    if (!copy_out(p->page_table, dst_va + done, &c, 1)) {
      release(console_lock);
      return -1;
    }
    done++;
    if (c == '\n') break;
  }
  release(console_lock);
  return done;
}

int console_write(uint64_t src_va, int n) {
  Process* p = current_process();
  for (int i = 0; i < n; i++) {
    char c;
    if (!copy_in(p->page_table, &c, src_va + i, 1)) return i > 0 ? i : -1;
    if (c == '\n') uart_put('\r');
    uart_put(c);
  }
  return n;
}

File* open_console() {
  File* file = file_allocate();
  if (file == nullptr) return nullptr;
  file->type = FileType::kConsole;
  file->readable = true;
  file->writable = true;
  return file;
}

}  // namespace pane
